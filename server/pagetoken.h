#pragma once

#include <QString>

namespace queue::server::pagetoken {

// The ticket's public page is /t/<token> (server/ratings.cpp): an unguessable token, so that
// nobody on the office's network can walk /t/1, /t/2, … and read or rate other visitors'
// tickets. 128 bits from the operating system's random source (QRandomGenerator::system()),
// URL-safe base64 without padding: 22 characters of [A-Za-z0-9_-].
constexpr int kBytes = 16;

QString generate();
// "/t/<token>": the ticket JSON's "page".
QString path(const QString &token);
// Whether `text` can be a token at all (a new one, or the 32 hex digits the migration gave
// older tickets): what cannot be one is never looked up. Length and alphabet only.
bool plausible(const QString &text);

} // namespace queue::server::pagetoken
