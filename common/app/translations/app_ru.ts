<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Enrolment</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>не удаётся прочитать %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid enrolment; enrol the device again</source>
        <translation>%1 — не действительная регистрация; зарегистрируйте устройство заново</translation>
    </message>
    <message>
        <source>cannot create the directory %1</source>
        <translation>не удаётся создать каталог %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>не удаётся записать %1: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an http:// or https:// server address</source>
        <translation>«%1» — не адрес сервера http:// или https://</translation>
    </message>
    <message>
        <source>no answer from %1: %2</source>
        <translation>нет ответа от %1: %2</translation>
    </message>
    <message>
        <source>the server refused the code (%1 %2): %3</source>
        <translation>сервер отклонил код (%1 %2): %3</translation>
    </message>
    <message>
        <source>the server&apos;s answer has no device name or token</source>
        <translation>в ответе сервера нет имени устройства или токена</translation>
    </message>
    <message>
        <source>the server&apos;s certificate (SHA-256 %1) is not the one the server names (%2): someone may be in between; nothing was stored</source>
        <translation>сертификат сервера (SHA-256 %1) не тот, который называет сервер (%2): возможно, соединение перехвачено; ничего не сохранено</translation>
    </message>
    <message>
        <source>none</source>
        <translation>нет</translation>
    </message>
    <message>
        <source>%1: --enrol needs the server&apos;s URL and the one-time code: --enrol URL CODE</source>
        <translation>%1: для --enrol нужны адрес сервера и одноразовый код: --enrol URL КОД</translation>
    </message>
    <message>
        <source>%1: warning: plain http, the device&apos;s token travels in clear over the network</source>
        <translation>%1: внимание: обычный http, токен устройства передаётся по сети открытым текстом</translation>
    </message>
    <message>
        <source>%1: enrolment failed: %2</source>
        <translation>%1: регистрация не удалась: %2</translation>
    </message>
    <message>
        <source>%1: enrolled as %2 (role %3) with %4; stored in %5</source>
        <translation>%1: зарегистрировано как %2 (роль %3) на сервере %4; сохранено в %5</translation>
    </message>
    <message>
        <source>%1: the server&apos;s certificate SHA-256: %2</source>
        <translation>%1: SHA-256 сертификата сервера: %2</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>неожиданный аргумент «%1»</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>не удаётся прочитать %1</translation>
    </message>
    <message>
        <source>%1: %2 accepted this device&apos;s token</source>
        <translation>%1: %2 принял токен этого устройства</translation>
    </message>
    <message>
        <source>%1: %2 refused this device&apos;s token (HTTP %3)</source>
        <translation>%1: %2 отклонил токен этого устройства (HTTP %3)</translation>
    </message>
    <message>
        <source>%1: no answer from %2: %3</source>
        <translation>%1: нет ответа от %2: %3</translation>
    </message>
</context>
<context>
    <name>OfficeTime</name>
    <message>
        <source>today at %1</source>
        <translation>сегодня в %1</translation>
    </message>
    <message>
        <source>tomorrow at %1</source>
        <translation>завтра в %1</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1, в %2</translation>
    </message>
</context>
<context>
    <name>queue::app</name>
    <message>
        <source>The queue server could not be verified: its certificate is not the expected one. The connection was refused. Please tell the administrator.</source>
        <translation>Не удалось проверить сервер очереди: его сертификат не тот, что ожидался. Соединение отклонено. Сообщите администратору.</translation>
    </message>
</context>
</TS>
