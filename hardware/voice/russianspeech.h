#pragma once

#include <QChar>
#include <QString>
#include <QStringList>

// How a call is read out in Russian: numbers as words ("сто один"), letters of a ticket
// number by the names used in announcements ("Б" → "бэ"), and the fragment keys that the
// recorded-fragment back end plays for the same announcement.
namespace queue::voice {

// 0…999 999 as Russian words in the nominative (masculine where it matters: "один", "два").
QString numberWords(int n);
// The fragment keys that read n: "num_100", "num_1" for 101; thousands read digit by digit.
QStringList numberFragments(int n);

// The name of a letter as read in announcements: "А" → "а", "Б" → "бэ", "Й" → "и краткое";
// Latin letters that look Cyrillic are read as the Cyrillic ones. Empty when unknown.
QString letterName(QChar c);
// The fragment key of a letter: "letter_0411" for "Б" (the Cyrillic code point); empty when unknown.
QString letterFragment(QChar c);

// "А015" → "А пятнадцать" (letters kept as they are written; leading zeros dropped).
QString ticketText(const QString &number);
// "Б015" → "бэ пятнадцать": what a speech engine is given.
QString ticketSpeech(const QString &number);
// "Талон А пятнадцать, пройдите к окну три".
QString announcementText(const QString &ticket, int window);
// The same with letters by name, for a speech engine.
QString announcementSpeech(const QString &ticket, int window);
// The fragment keys of the announcement (without the chime):
// talon, letter_…, num_…, to_window, num_….
QStringList announcementFragments(const QString &ticket, int window);

// Every fragment key with the Russian text it reads, in a stable order: what the fragment
// set must contain (generated with espeak-ng, or recorded in a studio).
QList<QPair<QString, QString>> fragmentTexts();

} // namespace queue::voice
