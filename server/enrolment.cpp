#include "enrolment.h"

#include "common/clock.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <cstring>

namespace queue::server {

namespace {
// Crockford's base32: no I, L, O, U, so a code read aloud or from paper is not mistaken.
constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kTokenBytes = 32; // 256 random bits
} // namespace

bool Enrolment::isEnrollableRole(const QString &role)
{
    return role == QLatin1String("kiosk") || role == QLatin1String("display") || role == QLatin1String("booking");
}

std::optional<DomainError> Enrolment::checkCodeRequest(const QString &name, const QString &role,
                                                       std::optional<double> validHours,
                                                       const QList<DeviceConfig> &configured, qint64 *validMs)
{
    if (!isValidName(name))
        return badRequest(QStringLiteral("a device name is 1-64 letters, digits, '.', '_' or '-'"));
    if (!isEnrollableRole(role))
        return badRequest(QStringLiteral("the role must be kiosk, display or booking"));
    for (const DeviceConfig &d : configured)
        if (d.name == name)
            return wrongState(
                QStringLiteral("the configuration already has a device '%1' with a token; choose another name").arg(name));
    *validMs = kDefaultValidMs;
    if (validHours) {
        if (!(*validHours > 0) || *validHours > kMaxValidMs / 3600000.0)
            return badRequest(QStringLiteral("the validity must be more than 0 hours and at most %1 hours")
                                  .arg(kMaxValidMs / 3600000));
        *validMs = qMax<qint64>(1, static_cast<qint64>(*validHours * 3600000.0));
    }
    return std::nullopt;
}

bool Enrolment::isValidName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return re.match(name).hasMatch();
}

QString Enrolment::normaliseCode(const QString &code)
{
    QString out;
    for (QChar c : code) {
        if (c == QLatin1Char('-') || c == QLatin1Char(' '))
            continue;
        c = c.toUpper();
        if (c == QLatin1Char('O'))
            c = QLatin1Char('0');
        else if (c == QLatin1Char('I') || c == QLatin1Char('L'))
            c = QLatin1Char('1');
        if (c.unicode() > 127 || !std::strchr(kAlphabet, c.toLatin1()) || c.toLatin1() == 0)
            return {};
        out.append(c);
        if (out.size() > kCodeLength)
            return {};
    }
    return out.size() == kCodeLength ? out : QString();
}

QString Enrolment::sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

Result<QString> Enrolment::createCode(const QString &name, const QString &role, qint64 validMs)
{
    if (!isValidName(name))
        return badRequest(QStringLiteral("a device name is 1-64 letters, digits, '.', '_' or '-'"));
    if (!isEnrollableRole(role))
        return badRequest(QStringLiteral("the role must be kiosk, display or booking"));
    if (validMs <= 0 || validMs > kMaxValidMs)
        return badRequest(QStringLiteral("a code is valid for more than 0 and at most 720 hours"));
    QString code;
    auto *random = QRandomGenerator::system();
    for (int i = 0; i < kCodeLength; ++i)
        code.append(QLatin1Char(kAlphabet[random->bounded(32)]));
    const qint64 now = m_clock.nowMs();
    if (!m_store.addCode(sha256Hex(code.toLatin1()), DeviceStore::Code{name, role, now, now + validMs, 0}))
        return internalError();
    return QString(code.left(kCodeLength / 2) + QLatin1Char('-') + code.mid(kCodeLength / 2));
}

Result<Enrolment::Enrolled> Enrolment::redeem(const QString &code)
{
    const QString normal = normaliseCode(code);
    const QString hash = sha256Hex(normal.toLatin1());
    const auto found = normal.isEmpty() ? std::nullopt : m_store.code(hash);
    if (!found)
        return DomainError{api::ErrorCode::UnknownEnrolmentCode, QStringLiteral("no such enrolment code")};
    if (found->usedAt)
        return DomainError{
            api::ErrorCode::EnrolmentCodeUsed,
            QStringLiteral("this enrolment code was used already; make a new one with queue-server --enrol")};
    const qint64 now = m_clock.nowMs();
    if (now >= found->expiresAt)
        return DomainError{api::ErrorCode::EnrolmentCodeExpired,
                           QStringLiteral("this enrolment code has expired; make a new one with queue-server --enrol")};
    QByteArray raw(kTokenBytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    const QString token =
        QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    if (!m_store.useCode(hash, now) || !m_store.putDevice({found->name, found->role, now}, tokenHash(token)))
        return internalError();
    return Enrolled{found->name, found->role, token};
}

} // namespace queue::server
