#include "apierrors.h"

namespace queue::server {

int httpStatus(api::ErrorCode code)
{
    using E = api::ErrorCode;
    // No default: a new code does not compile (-Wswitch) until it has a status here.
    switch (code) {
    case E::BadRequest:
    case E::InvalidJson:
    case E::UnknownService:
    case E::BadPhone:
    case E::ConsentRequired:
        return 400;
    case E::Unauthorized:
        return 401;
    case E::Forbidden:
        return 403;
    case E::NotFound:
    case E::UnknownBooking:
        return 404;
    case E::MethodNotAllowed:
        return 405;
    case E::WrongState:
    case E::TicketActive:
    case E::TooFewRecalls:
    case E::NumbersExhausted:
    case E::OfficeClosed:
    case E::NotServed:
    case E::AlreadyRated:
    case E::RatingClosed:
    case E::NotActive:
    case E::SlotFull:
    case E::AlreadyCheckedIn:
    case E::BookingCancelled:
    case E::BookingExpired:
    case E::TooEarly:
    case E::SlotInPast:
    case E::BeyondHorizon:
    case E::Holiday:
    case E::OutsideHours:
    case E::NotLeased:
        return 409;
    case E::RequestTimeout:
        return 408;
    case E::LengthRequired:
        return 411;
    case E::PayloadTooLarge:
        return 413;
    case E::UriTooLong:
        return 414;
    case E::UpgradeRequired:
        return 426;
    case E::LoginLocked:
    case E::TooManyRequests:
        return 429;
    case E::HeaderTooLarge:
        return 431;
    case E::HttpVersionNotSupported:
        return 505;
    case E::UnknownEnrolmentCode:
        return 404;
    case E::EnrolmentCodeUsed:
        return 409;
    case E::EnrolmentCodeExpired:
        return 410;
    case E::Internal:
        return 500;
    case E::NotImplemented:
        return 501;
    case E::Unavailable:
        return 503;
    }
    return 500;
}

} // namespace queue::server
