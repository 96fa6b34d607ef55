<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>KioskTexts</name>
    <message>
        <source>Person with a disability</source>
        <translation>Person with a disability</translation>
    </message>
    <message>
        <source>Veteran or combat veteran</source>
        <translation>Veteran or combat veteran</translation>
    </message>
    <message>
        <source>Pregnant woman</source>
        <translation>Pregnant woman</translation>
    </message>
    <message>
        <source>Visitor with a small child</source>
        <translation>Visitor with a small child</translation>
    </message>
    <message>
        <source>Other category entitled by law</source>
        <translation>Other category entitled by law</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>no wait</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>about %1 min</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::KioskController</name>
    <message>
        <source>OUT OF TURN: %1</source>
        <translation>OUT OF TURN: %1</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>People ahead of you: %1</translation>
    </message>
    <message>
        <source>Expected wait: %1</source>
        <translation>Expected wait: %1</translation>
    </message>
    <message>
        <source>If you are not satisfied with the quality of service, call %1</source>
        <translation>If you are not satisfied with the quality of service, call %1</translation>
    </message>
    <message>
        <source>Your place in the queue</source>
        <translation>Your place in the queue</translation>
    </message>
    <message>
        <source>Your booking is for %1. Check-in opens at %2: please come back then.</source>
        <translation>Your booking is for %1. Check-in opens at %2: please come back then.</translation>
    </message>
    <message>
        <source>There is no booking with code %1. Check the code, or take a ticket for the topic of your visit.</source>
        <translation>There is no booking with code %1. Check the code, or take a ticket for the topic of your visit.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket for the topic of your visit.</source>
        <translation>This booking was cancelled. Please take a ticket for the topic of your visit.</translation>
    </message>
    <message>
        <source>A ticket has already been issued for this booking.</source>
        <translation>A ticket has already been issued for this booking.</translation>
    </message>
    <message>
        <source>This booking was for an earlier day. Please take a ticket for the topic of your visit.</source>
        <translation>This booking was for an earlier day. Please take a ticket for the topic of your visit.</translation>
    </message>
    <message>
        <source>The booking cannot be checked now. Please take a ticket for the topic of your visit, or ask the administrator.</source>
        <translation>The booking cannot be checked now. Please take a ticket for the topic of your visit, or ask the administrator.</translation>
    </message>
    <message>
        <source>There is no ticket %1 today. Check the number.</source>
        <translation>There is no ticket %1 today. Check the number.</translation>
    </message>
    <message>
        <source>Ticket %1 has not been served yet: you can rate the service after your visit.</source>
        <translation>Ticket %1 has not been served yet: you can rate the service after your visit.</translation>
    </message>
    <message>
        <source>Ticket %1 has already been rated. Thank you!</source>
        <translation>Ticket %1 has already been rated. Thank you!</translation>
    </message>
    <message>
        <source>The visit with ticket %1 was more than a day ago and can no longer be rated.</source>
        <translation>The visit with ticket %1 was more than a day ago and can no longer be rated.</translation>
    </message>
    <message>
        <source>The rating cannot be accepted now. Please try again later.</source>
        <translation>The rating cannot be accepted now. Please try again later.</translation>
    </message>
    <message>
        <source>The topic you chose is no longer served. Please choose another one.</source>
        <translation>The topic you chose is no longer served. Please choose another one.</translation>
    </message>
    <message>
        <source>People ahead of you: —</source>
        <translation>People ahead of you: —</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::BookingScreen</name>
    <message>
        <source>I have a booking</source>
        <translation>I have a booking</translation>
    </message>
    <message>
        <source>Enter the booking code from the text message or e-mail</source>
        <translation>Enter the booking code from the text message or e-mail</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::HelpDiagram</name>
    <message>
        <source>Touch the screen and choose who you are: a private client or a company</source>
        <translation>Touch the screen and choose who you are: a private client or a company</translation>
    </message>
    <message>
        <source>Choose the topic of your visit</source>
        <translation>Choose the topic of your visit</translation>
    </message>
    <message>
        <source>Take the ticket from the slot below the screen</source>
        <translation>Take the ticket from the slot below the screen</translation>
    </message>
    <message>
        <source>Wait until your number and window appear on the board and are announced</source>
        <translation>Wait until your number and window appear on the board and are announced</translation>
    </message>
    <message>
        <source>A015</source>
        <translation>A015</translation>
    </message>
    <message>
        <source>A015 → 3</source>
        <translation>A015 → 3</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::HelpScreen</name>
    <message>
        <source>How to get a ticket</source>
        <translation>How to get a ticket</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::KioskWindow</name>
    <message>
        <source>Electronic queue</source>
        <translation>Electronic queue</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::MessageScreen</name>
    <message>
        <source>Please wait</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <source>The terminal is connecting to the queue server.</source>
        <translation>The terminal is connecting to the queue server.</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <source>The office is closed</source>
        <translation>The office is closed</translation>
    </message>
    <message>
        <source>Tickets are issued during office hours.</source>
        <translation>Tickets are issued during office hours.</translation>
    </message>
    <message>
        <source>Tickets are issued during office hours.
The office opens %1.</source>
        <translation>Tickets are issued during office hours.
The office opens %1.</translation>
    </message>
    <message>
        <source>The terminal is temporarily out of service</source>
        <translation>The terminal is temporarily out of service</translation>
    </message>
    <message>
        <source>There is no connection to the queue server. We keep trying to restore it: please wait a little or ask the administrator.</source>
        <translation>There is no connection to the queue server. We keep trying to restore it: please wait a little or ask the administrator.</translation>
    </message>
    <message>
        <source>The printer is not working</source>
        <translation>The printer is not working</translation>
    </message>
    <message>
        <source>Please tell the administrator. You can also get your number without a paper ticket: it will be shown on the screen — remember it or take a photo.</source>
        <translation>Please tell the administrator. You can also get your number without a paper ticket: it will be shown on the screen — remember it or take a photo.</translation>
    </message>
    <message>
        <source>Please tell the administrator. Tickets cannot be issued until the printer works again.</source>
        <translation>Please tell the administrator. Tickets cannot be issued until the printer works again.</translation>
    </message>
    <message>
        <source>Show my number on the screen</source>
        <translation>Show my number on the screen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>The terminal is temporarily out of order, please contact a staff member</source>
        <translation>The terminal is temporarily out of order, please contact a staff member</translation>
    </message>
    <message>
        <source>Your ticket could not be printed and has been cancelled.</source>
        <translation>Your ticket could not be printed and has been cancelled.</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <source>Your opinion helps us to serve you better.</source>
        <translation>Your opinion helps us to serve you better.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::PriorityScreen</name>
    <message>
        <source>Right to be served out of turn</source>
        <translation>Right to be served out of turn</translation>
    </message>
    <message>
        <source>Choose your category. The specialist may ask for a document that confirms it.</source>
        <translation>Choose your category. The specialist may ask for a document that confirms it.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::RatingNumberScreen</name>
    <message>
        <source>Rate the service</source>
        <translation>Rate the service</translation>
    </message>
    <message>
        <source>Enter the number from your ticket: the letter, then the digits</source>
        <translation>Enter the number from your ticket: the letter, then the digits</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::RatingScoreScreen</name>
    <message>
        <source>How would you rate the service?</source>
        <translation>How would you rate the service?</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Ticket %1</translation>
    </message>
    <message>
        <source>Very bad</source>
        <translation>Very bad</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Bad</translation>
    </message>
    <message>
        <source>Satisfactory</source>
        <translation>Satisfactory</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Excellent</source>
        <translation>Excellent</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::Screen</name>
    <message>
        <source>Private clients</source>
        <translation>Private clients</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Companies</translation>
    </message>
    <message>
        <source>No connection to the server: tickets are issued from the kiosk&apos;s reserve. The expected wait is not known until the connection is back.</source>
        <translation>No connection to the server: tickets are issued from the kiosk&apos;s reserve. The expected wait is not known until the connection is back.</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::StartScreen</name>
    <message>
        <source>Take a ticket. Who are you?</source>
        <translation>Take a ticket. Who are you?</translation>
    </message>
    <message>
        <source>Out of turn. Who are you?</source>
        <translation>Out of turn. Who are you?</translation>
    </message>
    <message>
        <source>Individuals: contracts, bills, meters, payments</source>
        <translation>Individuals: contracts, bills, meters, payments</translation>
    </message>
    <message>
        <source>Organisations and sole traders</source>
        <translation>Organisations and sole traders</translation>
    </message>
    <message>
        <source>Right to be served out of turn</source>
        <translation>Right to be served out of turn</translation>
    </message>
    <message>
        <source>I have a booking</source>
        <translation>I have a booking</translation>
    </message>
    <message>
        <source>How to use</source>
        <translation>How to use</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Out of turn: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>The printer is not working. Your number will be shown on the screen; please tell the administrator.</source>
        <translation>The printer is not working. Your number will be shown on the screen; please tell the administrator.</translation>
    </message>
    <message>
        <source>Paper is running low: please tell the administrator.</source>
        <translation>Paper is running low: please tell the administrator.</translation>
    </message>
    <message>
        <source>Normal colours</source>
        <translation>Normal colours</translation>
    </message>
    <message>
        <source>Rate the service</source>
        <translation>Rate the service</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::TicketScreen</name>
    <message>
        <source>Take your ticket</source>
        <translation>Take your ticket</translation>
    </message>
    <message>
        <source>Remember your number</source>
        <translation>Remember your number</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Out of turn: %1</translation>
    </message>
    <message>
        <source>People ahead of you: %1
Expected wait: %2</source>
        <translation>People ahead of you: %1
Expected wait: %2</translation>
    </message>
    <message>
        <source>The ticket could not be printed. Remember or photograph your number; if you need help, ask the administrator.</source>
        <translation>The ticket could not be printed. Remember or photograph your number; if you need help, ask the administrator.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Watch the board: your number and window will appear there and be announced.</source>
        <translation>Watch the board: your number and window will appear there and be announced.</translation>
    </message>
    <message>
        <source>You are late for your booking at %1, so this is an ordinary ticket in the general queue.</source>
        <translation>You are late for your booking at %1, so this is an ordinary ticket in the general queue.</translation>
    </message>
    <message>
        <source>The kiosk has no connection to the server now. Your ticket is valid: it takes its place in the queue by the time you came as soon as the connection is back.</source>
        <translation>The kiosk has no connection to the server now. Your ticket is valid: it takes its place in the queue by the time you came as soon as the connection is back.</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::TopicsScreen</name>
    <message>
        <source>Choose the topic of your visit</source>
        <translation>Choose the topic of your visit</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Out of turn: %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>In queue: %1 · wait %2</source>
        <translation>In queue: %1 · wait %2</translation>
    </message>
    <message>
        <source>No queue</source>
        <translation>No queue</translation>
    </message>
    <message>
        <source>Expected wait: %1</source>
        <translation>Expected wait: %1</translation>
    </message>
</context>
</TS>
