<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>queue::board::BoardModel</name>
    <message>
        <source>If you are not satisfied with the service, call %1</source>
        <translation>Если Вы недовольны качеством обслуживания, позвоните %1</translation>
    </message>
    <message>
        <source>Book a visit at %1</source>
        <translation>Записаться на приём можно на сайте %1</translation>
    </message>
    <message>
        <source>Visitors with disabilities are served out of turn</source>
        <translation>Граждане с инвалидностью обслуживаются вне очереди</translation>
    </message>
</context>
<context>
    <name>queue::board::BoardWindow</name>
    <message>
        <source>Ticket</source>
        <translation>Талон</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <source>Please wait for your ticket number to be called</source>
        <translation>Ожидайте вызова вашего талона</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Окна</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Ожидают</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <source>please go to window %1</source>
        <translation>пройдите к окну %1</translation>
    </message>
    <message>
        <source>invited</source>
        <translation>приглашён</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>обслуживается</translation>
    </message>
    <message>
        <source>calls %1</source>
        <translation>приглашает %1</translation>
    </message>
    <message>
        <source>calling</source>
        <translation>приглашает</translation>
    </message>
    <message>
        <source>serves %1</source>
        <translation>обслуживает %1</translation>
    </message>
    <message>
        <source>serving</source>
        <translation>обслуживает</translation>
    </message>
    <message>
        <source>free</source>
        <translation>свободно</translation>
    </message>
    <message>
        <source>break</source>
        <translation>перерыв</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>закрыто</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>Окно %1</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n человек ожидает</numerusform>
            <numerusform>%n человека ожидают</numerusform>
            <numerusform>%n человек ожидают</numerusform>
        </translation>
    </message>
    <message>
        <source>The office is closed</source>
        <translation>Офис закрыт</translation>
    </message>
    <message>
        <source>It opens %1</source>
        <translation>Откроется %1</translation>
    </message>
</context>
</TS>
