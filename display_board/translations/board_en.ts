<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>queue::board::BoardModel</name>
    <message>
        <source>If you are not satisfied with the service, call %1</source>
        <translation>If you are not satisfied with the service, call %1</translation>
    </message>
    <message>
        <source>Book a visit at %1</source>
        <translation>Book a visit at %1</translation>
    </message>
    <message>
        <source>Visitors with disabilities are served out of turn</source>
        <translation>Visitors with disabilities are served out of turn</translation>
    </message>
</context>
<context>
    <name>queue::board::BoardWindow</name>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>Please wait for your ticket number to be called</source>
        <translation>Please wait for your ticket number to be called</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Windows</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>no connection</translation>
    </message>
    <message>
        <source>please go to window %1</source>
        <translation>please go to window %1</translation>
    </message>
    <message>
        <source>invited</source>
        <translation>invited</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>being served</translation>
    </message>
    <message>
        <source>calls %1</source>
        <translation>calls %1</translation>
    </message>
    <message>
        <source>calling</source>
        <translation>calling</translation>
    </message>
    <message>
        <source>serves %1</source>
        <translation>serves %1</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>serving</translation>
    </message>
    <message>
        <source>free</source>
        <translation>free</translation>
    </message>
    <message>
        <source>break</source>
        <translation>break</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>Window %1</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>The office is closed</source>
        <translation>The office is closed</translation>
    </message>
    <message>
        <source>It opens %1</source>
        <translation>It opens %1</translation>
    </message>
</context>
</TS>
