#pragma once
// Certificates made by the openssl command for the TLS tests (header-only): a CA, a server
// certificate it signed (for localhost and 127.0.0.1, keys server.key/server.pem), and an
// unrelated self-signed one (other.pem). Each object makes its own set in a temporary
// directory; give a test binary one (a function-local static) to make them once.

#include <QCryptographicHash>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <initializer_list>

namespace queue::test {

class Certificates {
public:
    Certificates()
    {
        const QString ext = path(QStringLiteral("ext.cnf"));
        QFile f(ext);
        if (f.open(QIODevice::WriteOnly))
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        f.close();
        const QByteArray ec = "ec_paramgen_curve:prime256v1";
        const QByteArray extArg = ext.toLocal8Bit();
        m_ok = run({"req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", file("ca.key"), "-out",
                    file("ca.pem"), "-days", "2", "-subj", "/CN=Test office CA"})
            && run({"req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", file("server.key"), "-out",
                    file("server.csr"), "-subj", "/CN=localhost"})
            && run({"x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"),
                    "-CAcreateserial", "-out", file("server.pem"), "-days", "2", "-extfile", extArg})
            && run({"req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", file("other.key"), "-out",
                    file("other.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1"});
    }
    bool ok() const { return m_ok; }
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString path(const char *name) const { return path(QString::fromLatin1(name)); }
    QByteArray file(const char *name) const { return path(name).toLocal8Bit(); }
    // The SHA-256 of a certificate (DER), raw bytes; empty if it cannot be read.
    QByteArray sha256(const char *pemName) const
    {
        QFile f(path(pemName));
        return f.open(QIODevice::ReadOnly) ? QSslCertificate(f.readAll(), QSsl::Pem).digest(QCryptographicHash::Sha256)
                                           : QByteArray();
    }
    QString log() const { return m_log; }

private:
    bool run(std::initializer_list<QByteArray> bytes)
    {
        QStringList args;
        for (const QByteArray &b : bytes)
            args << QString::fromLocal8Bit(b);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"), args);
        const bool done = p.waitForFinished(30000);
        m_log += QString::fromUtf8(p.readAll());
        return done && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    QTemporaryDir m_dir;
    QString m_log;
    bool m_ok = false;
};

} // namespace queue::test
