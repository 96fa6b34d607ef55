<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>Enrolment</name>
    <message>
        <source>cannot read %1: %2</source>
        <translation>cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a valid enrolment; enrol the device again</source>
        <translation>%1 is not a valid enrolment; enrol the device again</translation>
    </message>
    <message>
        <source>cannot create the directory %1</source>
        <translation>cannot create the directory %1</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an http:// or https:// server address</source>
        <translation>&apos;%1&apos; is not an http:// or https:// server address</translation>
    </message>
    <message>
        <source>no answer from %1: %2</source>
        <translation>no answer from %1: %2</translation>
    </message>
    <message>
        <source>the server refused the code (%1 %2): %3</source>
        <translation>the server refused the code (%1 %2): %3</translation>
    </message>
    <message>
        <source>the server&apos;s answer has no device name or token</source>
        <translation>the server&apos;s answer has no device name or token</translation>
    </message>
    <message>
        <source>the server&apos;s certificate (SHA-256 %1) is not the one the server names (%2): someone may be in between; nothing was stored</source>
        <translation>the server&apos;s certificate (SHA-256 %1) is not the one the server names (%2): someone may be in between; nothing was stored</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1: --enrol needs the server&apos;s URL and the one-time code: --enrol URL CODE</source>
        <translation>%1: --enrol needs the server&apos;s URL and the one-time code: --enrol URL CODE</translation>
    </message>
    <message>
        <source>%1: warning: plain http, the device&apos;s token travels in clear over the network</source>
        <translation>%1: warning: plain http, the device&apos;s token travels in clear over the network</translation>
    </message>
    <message>
        <source>%1: enrolment failed: %2</source>
        <translation>%1: enrolment failed: %2</translation>
    </message>
    <message>
        <source>%1: enrolled as %2 (role %3) with %4; stored in %5</source>
        <translation>%1: enrolled as %2 (role %3) with %4; stored in %5</translation>
    </message>
    <message>
        <source>%1: the server&apos;s certificate SHA-256: %2</source>
        <translation>%1: the server&apos;s certificate SHA-256: %2</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>unexpected argument &apos;%1&apos;</translation>
    </message>
    <message>
        <source>cannot read %1</source>
        <translation>cannot read %1</translation>
    </message>
    <message>
        <source>%1: %2 accepted this device&apos;s token</source>
        <translation>%1: %2 accepted this device&apos;s token</translation>
    </message>
    <message>
        <source>%1: %2 refused this device&apos;s token (HTTP %3)</source>
        <translation>%1: %2 refused this device&apos;s token (HTTP %3)</translation>
    </message>
    <message>
        <source>%1: no answer from %2: %3</source>
        <translation>%1: no answer from %2: %3</translation>
    </message>
</context>
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
