<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
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
