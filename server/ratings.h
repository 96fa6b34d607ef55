#pragma once

#include "apimodule.h"
#include "result.h"
#include "store/ratingstore.h"
#include "store/ticketstore.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <optional>

namespace queue::server {

// Satisfaction ratings (standard, section 5) and the ticket's public page:
//   GET  /t/{token}            the page the QR code on the paper ticket points to:
//                              place in the queue, the window, after the visit the rating form;
//                              {token} is the ticket's page token (pagetoken.h), never its id
//   POST /api/v1/ratings/web   that form (no bearer token, the page token; an HTML answer)
//   POST /api/v1/ratings       a rating taken by a kiosk or the manager (JSON)
// The pages' texts go through tr() (context "TicketPage", server/translations);
// the ratings table is RatingStore's (server/store/ratingstore.*).
class RatingsModule final : public ApiModule {
    Q_DECLARE_TR_FUNCTIONS(TicketPage)
public:
    explicit RatingsModule(const ModuleServices &services);

    void registerRoutes(Router &router) override;

    static constexpr qint64 kRatingWindowMs = 24LL * 3600 * 1000;   // a visit can be rated for a day after it ended

private:
    // The ticket a page token names; 0 for an unknown token or anything else.
    qint64 ticketOfPage(const QString &token) const;
    http::Response ticketPage(const QString &token);
    http::Response addRating(const Principal &who, const QJsonObject &body);
    http::Response webRating(const http::Request &request);
    // Stores a rating; the refusal if the ticket cannot be rated.
    std::optional<DomainError> storeRating(qint64 ticketId, int score, const QString &reason, const QString &channel);

    const ModuleServices &m_services;
    RatingStore m_ratings;
    TicketStore m_tickets;
};

} // namespace queue::server
