#pragma once
// Two self-signed EC certificates (CN localhost, SAN localhost and 127.0.0.1), made with
// `openssl req -x509` for the TLS trust tests; no private key is kept.

namespace queue::test {

inline constexpr char kCertA[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBmTCCAT+gAwIBAgIULrdaCGplYezgD3vfyYv2HdaLJ0wwCgYIKoZIzj0EAwIw\n"
    "FDESMBAGA1UEAwwJbG9jYWxob3N0MB4XDTI2MTIwMzEzMzEwMVoXDTM2MTEzMDEz\n"
    "MzEwMVowFDESMBAGA1UEAwwJbG9jYWxob3N0MFkwEwYHKoZIzj0CAQYIKoZIzj0D\n"
    "AQcDQgAEJrs48y49t+FxQaAFO+++JijWIzyStjgDfvL4LHTA0BDZceuFjdRob8qQ\n"
    "dqxpmWrYxmokCLyQWsSIL78HR0kYtaNvMG0wHQYDVR0OBBYEFE5In4i2WJIuXC1U\n"
    "kH9TMpeJy9tlMB8GA1UdIwQYMBaAFE5In4i2WJIuXC1UkH9TMpeJy9tlMA8GA1Ud\n"
    "EwEB/wQFMAMBAf8wGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAABMAoGCCqGSM49\n"
    "BAMCA0gAMEUCICvy66CcNwRvBNh+d7EoGgs2YOa4pv65Tpf02yIpu1pUAiEAtjmZ\n"
    "DLtLtBr5rw6uDquUED5D1YRLKBbP+FtgOwHGR7E=\n"
    "-----END CERTIFICATE-----\n";
inline constexpr char kCertB[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBdjCCARugAwIBAgIUOqpbdBt0rDkXVl1odKf+ucdj5O0wCgYIKoZIzj0EAwIw\n"
    "EDEOMAwGA1UEAwwFb3RoZXIwHhcNMjYxMjAzMTMzMjQ3WhcNMzYxMTMwMTMzMjQ3\n"
    "WjAQMQ4wDAYDVQQDDAVvdGhlcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABLpo\n"
    "VXDkpzlmrJth0BmZmC9MBchkT5zBiFOcq8+jC97vdGASq4oKcOXus48jI+SZOZpP\n"
    "EXnoBmZShC61+vovupyjUzBRMB0GA1UdDgQWBBRgOvYDLhspVEx67xuY3Y4g6Skm\n"
    "bTAfBgNVHSMEGDAWgBRgOvYDLhspVEx67xuY3Y4g6SkmbTAPBgNVHRMBAf8EBTAD\n"
    "AQH/MAoGCCqGSM49BAMCA0kAMEYCIQCNHOlA+TTzJXRcH05ADjzKutA5krcsta+D\n"
    "rDTgC5AEtgIhALuCtxge05mtDnUuv+lcbB6+MPOphTJRqzH21AUF5Z4R\n"
    "-----END CERTIFICATE-----\n";
} // namespace queue::test
