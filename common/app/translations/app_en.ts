<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>OfficeTime</name>
    <message>
        <source>today at %1</source>
        <translation>today at %1</translation>
    </message>
    <message>
        <source>tomorrow at %1</source>
        <translation>tomorrow at %1</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1 at %2</translation>
    </message>
</context>
<context>
    <name>queue::app</name>
    <message>
        <source>The queue server could not be verified: its certificate is not the expected one. The connection was refused. Please tell the administrator.</source>
        <translation>The queue server could not be verified: its certificate is not the expected one. The connection was refused. Please tell the administrator.</translation>
    </message>
</context>
</TS>
