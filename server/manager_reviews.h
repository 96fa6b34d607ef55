#pragma once

#include "apimodule.h"
#include "store/reviewstore.h"


namespace queue::server {

// The book of reviews (standard, section 5): complaints, thanks, suggestions
// and reviews registered by staff, each due within 10 working days of the
// office's calendar (Schedule::addWorkingDays), closed by the manager with
// the measures taken.
//   GET  /api/v1/reviews               manager
//   POST /api/v1/reviews               manager, operator
//   POST /api/v1/reviews/{id}/close    manager
class ReviewsModule final : public ApiModule {
public:
    explicit ReviewsModule(const ModuleServices &services) : m_engine(services.engine), m_storage(services.storage) {}

    void registerRoutes(Router &router) override;

    using Counts = ReviewStore::Counts;
    // Open reviews and those past their deadline at `nowMs` (the dashboard).
    static Counts counts(Storage &storage, qint64 nowMs);

    static constexpr int kDeadlineWorkingDays = 10;   // standard, section 5: measures within 10 working days

private:
    // `idText` is empty on the collection, the {id} of …/{id}/close otherwise.
    http::Response reviews(const http::Request &request, const Principal &who, const QString &idText);

    QueueEngine &m_engine;
    Storage &m_storage;
};

} // namespace queue::server
