#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace queue::kiosk {

// The kiosk's own settings (--config FILE, JSON; kiosk/kiosk.sample.json lists every key).
struct KioskSettings {
    QString printerUri = QStringLiteral("file:///tmp/queue-kiosk-tickets?format=png&width=80");
    // The ESC/POS printer profile (epson, xprinter, pos5890, citizen, star, raster) for an
    // escpos+… URI without its own profile=; empty: none (Epson's numbers).
    QString printerProfile;
    // The status page encoded in the ticket's QR code; {server} is the --server URL, {page}
    // the ticket's page address from the server ("/t/<token>", unguessable). {id} (the
    // ticket id) only for a server that sends no page; with a page, a URL without {page}
    // becomes {server}{page} (the server no longer answers /t/<id>).
    QString ticketUrl = QStringLiteral("{server}{page}");
    int inactivityTimeoutMs = 45000;   // any screen back to the start
    int ticketTimeoutMs = 12000;       // "take your ticket" back to the start
    int noticeTimeoutMs = 30000;       // screens the visitor must read (no paper, printer fault)
    int refreshIntervalMs = 15000;     // waiting counts, opening hours, printer state
    int retryIntervalMs = 5000;        // while the server cannot be reached
    bool checkPrinterFirst = true;     // ask the printer for its state before issuing
    bool issueWithoutPrinter = true;   // offer the number on screen when the printer is down

    // `pattern` (ticket_url) filled in: {server} with `server` (no trailing '/'), {page} with
    // `page` and {id} with `id`. With a page a pattern without {page} gives server + page; without
    // a page (an older server) {page} stands for /t/<id>.
    static QString ticketPageUrl(const QString &pattern, const QString &server, const QString &page, qint64 id);

    static std::optional<KioskSettings> fromJson(const QJsonObject &o, QString *error);
    static std::optional<KioskSettings> load(const QString &path, QString *error);
};

} // namespace queue::kiosk
