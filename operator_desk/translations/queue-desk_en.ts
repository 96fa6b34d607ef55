<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>queue::desk::DeskController</name>
    <message>
        <source>disability</source>
        <translation>disability</translation>
    </message>
    <message>
        <source>veteran</source>
        <translation>veteran</translation>
    </message>
    <message>
        <source>pregnancy</source>
        <translation>pregnancy</translation>
    </message>
    <message>
        <source>with an infant</source>
        <translation>with an infant</translation>
    </message>
    <message>
        <source>other legal category</source>
        <translation>other legal category</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Handed to the back office</source>
        <translation>Handed to the back office</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Lunch</source>
        <translation>Lunch</translation>
    </message>
    <message>
        <source>Technical break</source>
        <translation>Technical break</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Calling</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Serving</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>No connection to the queue server.</source>
        <translation>No connection to the queue server.</translation>
    </message>
    <message>
        <source>The queue server sent an answer that could not be understood.</source>
        <translation>The queue server sent an answer that could not be understood.</translation>
    </message>
    <message>
        <source>Wrong login or PIN, or the session has ended.</source>
        <translation>Wrong login or PIN, or the session has ended.</translation>
    </message>
    <message>
        <source>This operator may not work at this window.</source>
        <translation>This operator may not work at this window.</translation>
    </message>
    <message>
        <source>No such window or ticket.</source>
        <translation>No such window or ticket.</translation>
    </message>
    <message>
        <source>Not possible in the current state; the desk has been updated.</source>
        <translation>Not possible in the current state; the desk has been updated.</translation>
    </message>
    <message>
        <source>Finish the current ticket first.</source>
        <translation>Finish the current ticket first.</translation>
    </message>
    <message>
        <source>Recall the client more times before marking a no-show.</source>
        <translation>Recall the client more times before marking a no-show.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in a minute.</source>
        <translation>Too many wrong PINs. Try again in a minute.</translation>
    </message>
    <message>
        <source>Unknown topic.</source>
        <translation>Unknown topic.</translation>
    </message>
    <message>
        <source>The server could not save the change. Nothing was changed; please try again.</source>
        <translation>The server could not save the change. Nothing was changed; please try again.</translation>
    </message>
    <message>
        <source>The request failed (HTTP %1).</source>
        <translation>The request failed (HTTP %1).</translation>
    </message>
    <message>
        <source>Connection lost. Reconnecting…</source>
        <translation>Connection lost. Reconnecting…</translation>
    </message>
    <message>
        <source>The session has ended. Please log in again.</source>
        <translation>The session has ended. Please log in again.</translation>
    </message>
    <message>
        <source>Connection restored. Repeating the last action…</source>
        <translation>Connection restored. Repeating the last action…</translation>
    </message>
    <message>
        <source>Stopping the service needs a comment.</source>
        <translation>Stopping the service needs a comment.</translation>
    </message>
    <message>
        <source>No answer from the server. The action will be repeated when the connection is back.</source>
        <translation>No answer from the server. The action will be repeated when the connection is back.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this window.</source>
        <translation>Nobody is waiting for this window.</translation>
    </message>
    <message>
        <source>Stopped: abusive or intoxicated client</source>
        <translation>Stopped: abusive or intoxicated client</translation>
    </message>
    <message>
        <source>The office is closed.</source>
        <translation>The office is closed.</translation>
    </message>
    <message>
        <source>The server did not accept the request. Nothing was changed.</source>
        <translation>The server did not accept the request. Nothing was changed.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for this login. Try again in %1 s.</source>
        <translation>Too many wrong PINs for this login. Try again in %1 s.</translation>
    </message>
    <message>
        <source>Too many failed logins from this computer. Try again in %1 s.</source>
        <translation>Too many failed logins from this computer. Try again in %1 s.</translation>
    </message>
    <message>
        <source>The office is closed. The visitors already waiting can still be called and served.</source>
        <translation>The office is closed. The visitors already waiting can still be called and served.</translation>
    </message>
    <message>
        <source>The office is closed; it opens %1. The visitors already waiting can still be called and served.</source>
        <translation>The office is closed; it opens %1. The visitors already waiting can still be called and served.</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::DeskWindow</name>
    <message>
        <source>Narrow panel</source>
        <translation>Narrow panel</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Operator desk</source>
        <translation>Operator desk</translation>
    </message>
    <message>
        <source>Window %1 · %2</source>
        <translation>Window %1 · %2</translation>
    </message>
    <message>
        <source>%1 · topics: %2</source>
        <translation>%1 · topics: %2</translation>
    </message>
    <message>
        <source>B2B (companies)</source>
        <translation>B2B (companies)</translation>
    </message>
    <message>
        <source>B2C (private clients)</source>
        <translation>B2C (private clients)</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Connected</translation>
    </message>
    <message>
        <source>✖ No connection: reconnecting…</source>
        <translation>✖ No connection: reconnecting…</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::LoginPage</name>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Operator desk</source>
        <translation>Operator desk</translation>
    </message>
    <message>
        <source>Log in to your window to start calling clients.</source>
        <translation>Log in to your window to start calling clients.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <source>Enter your login and PIN.</source>
        <translation>Enter your login and PIN.</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::Style</name>
    <message>
        <source>within the norm</source>
        <translation>within the norm</translation>
    </message>
    <message>
        <source>close to the norm</source>
        <translation>close to the norm</translation>
    </message>
    <message>
        <source>over the norm</source>
        <translation>over the norm</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::WorkPage</name>
    <message>
        <source>Call next</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>Client came</source>
        <translation>Client came</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Finish…</source>
        <translation>Finish…</translation>
    </message>
    <message>
        <source>Redirect…</source>
        <translation>Redirect…</translation>
    </message>
    <message>
        <source>Postpone…</source>
        <translation>Postpone…</translation>
    </message>
    <message>
        <source>Call a ticket…</source>
        <translation>Call a ticket…</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>Pause…</translation>
    </message>
    <message>
        <source>Resume work</source>
        <translation>Resume work</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Finish the service</source>
        <translation>Finish the service</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comment</translation>
    </message>
    <message>
        <source>A comment is required when the service is stopped.</source>
        <translation>A comment is required when the service is stopped.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Redirect the client (they keep their place by arrival time)</source>
        <translation>Redirect the client (they keep their place by arrival time)</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>Redirect</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Window</translation>
    </message>
    <message>
        <source>Postpone the ticket</source>
        <translation>Postpone the ticket</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Postpone</source>
        <translation>Postpone</translation>
    </message>
    <message>
        <source>Back in the queue in</source>
        <translation>Back in the queue in</translation>
    </message>
    <message>
        <source>Pause: the window shows as closed on the boards</source>
        <translation>Pause: the window shows as closed on the boards</translation>
    </message>
    <message>
        <source>Call a ticket from the queue</source>
        <translation>Call a ticket from the queue</translation>
    </message>
    <message>
        <source>Call this ticket</source>
        <translation>Call this ticket</translation>
    </message>
    <message>
        <source>Queue of this window</source>
        <translation>Queue of this window</translation>
    </message>
    <message>
        <source>Today at this window</source>
        <translation>Today at this window</translation>
    </message>
    <message>
        <source>Paused: %1. The window shows as closed on the boards.</source>
        <translation>Paused: %1. The window shows as closed on the boards.</translation>
    </message>
    <message>
        <source>Free: call the next client</source>
        <translation>Free: call the next client</translation>
    </message>
    <message>
        <source>Called: waiting for the client</source>
        <translation>Called: waiting for the client</translation>
    </message>
    <message>
        <source>Serving the client</source>
        <translation>Serving the client</translation>
    </message>
    <message>
        <source>OUT OF TURN: %1</source>
        <translation>OUT OF TURN: %1</translation>
    </message>
    <message>
        <source>Recalled %1 times: you may mark a no-show.</source>
        <translation>Recalled %1 times: you may mark a no-show.</translation>
    </message>
    <message>
        <source>Recalls: %1 of %2</source>
        <translation>Recalls: %1 of %2</translation>
    </message>
    <message>
        <source>Recall (%1)</source>
        <translation>Recall (%1)</translation>
    </message>
    <message>
        <source>— same topic —</source>
        <translation>— same topic —</translation>
    </message>
    <message>
        <source>— any window of the topic —</source>
        <translation>— any window of the topic —</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>Window %1</translation>
    </message>
    <message>
        <source>%1 · %2 · waiting %3</source>
        <translation>%1 · %2 · waiting %3</translation>
    </message>
    <message>
        <source> · out of turn (%1)</source>
        <translation> · out of turn (%1)</translation>
    </message>
    <message>
        <source>Waited %1 · waiting norm %2 min · %3</source>
        <translation>Waited %1 · waiting norm %2 min · %3</translation>
    </message>
    <message>
        <source>Waited %1 · no waiting norm for this topic</source>
        <translation>Waited %1 · no waiting norm for this topic</translation>
    </message>
    <message>
        <source>Called %1 ago</source>
        <translation>Called %1 ago</translation>
    </message>
    <message>
        <source>Service %1 · norm %2 min · %3</source>
        <translation>Service %1 · norm %2 min · %3</translation>
    </message>
    <message>
        <source>Waiting for this window: %1</source>
        <translation>Waiting for this window: %1</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <source>Served: %1 (no-shows: %2)</source>
        <translation>Served: %1 (no-shows: %2)</translation>
    </message>
    <message>
        <source>Average service %1 · norm up to %2 min · %3</source>
        <translation>Average service %1 · norm up to %2 min · %3</translation>
    </message>
    <message>
        <source>Average service %1</source>
        <translation>Average service %1</translation>
    </message>
    <message>
        <source>Average service: —</source>
        <translation>Average service: —</translation>
    </message>
    <message>
        <source>Within the service norm: %1</source>
        <translation>Within the service norm: %1</translation>
    </message>
    <message>
        <source>Within the waiting norm: %1</source>
        <translation>Within the waiting norm: %1</translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation>waiting: %1</translation>
    </message>
    <message>
        <source>, out of turn: %1</source>
        <translation>, out of turn: %1</translation>
    </message>
    <message>
        <source>Nobody waits</source>
        <translation>Nobody waits</translation>
    </message>
    <message>
        <source>Longest wait %1 · norm %2 min · %3</source>
        <translation>Longest wait %1 · norm %2 min · %3</translation>
    </message>
    <message>
        <source>Longest wait %1 · no waiting norm</source>
        <translation>Longest wait %1 · no waiting norm</translation>
    </message>
</context>
</TS>
