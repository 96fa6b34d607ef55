<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>TicketPage</name>
    <message>
        <source>en</source>
        <comment>the pages' language code (html lang)</comment>
        <translation>ru</translation>
    </message>
    <message>
        <source>Ticket not found</source>
        <translation>Талон не найден</translation>
    </message>
    <message>
        <source>Ticket not found.</source>
        <translation>Талон не найден.</translation>
    </message>
    <message>
        <source>Please wait to be called. People ahead of you: %1.</source>
        <translation>Ожидайте вызова. Перед вами: %1.</translation>
    </message>
    <message>
        <source>Estimated wait: %1 min.</source>
        <translation>Примерное время ожидания: %1 мин.</translation>
    </message>
    <message>
        <source>Your call is postponed. Please come back by %1.</source>
        <translation>Вызов отложен. Вернитесь к %1.</translation>
    </message>
    <message>
        <source>Please go to window %1</source>
        <translation>Пройдите к окну %1</translation>
    </message>
    <message>
        <source>You are being served at window %1.</source>
        <translation>Вас обслуживают в окне %1.</translation>
    </message>
    <message>
        <source>Service finished. Thank you for your visit!</source>
        <translation>Обслуживание завершено. Спасибо за визит!</translation>
    </message>
    <message>
        <source>Your rating: %1 out of 5. Thank you!</source>
        <translation>Ваша оценка: %1 из 5. Спасибо!</translation>
    </message>
    <message>
        <source>Rate the service</source>
        <translation>Оцените обслуживание</translation>
    </message>
    <message>
        <source>What could we do better? (optional)</source>
        <translation>Что можно улучшить? (необязательно)</translation>
    </message>
    <message>
        <source>1 — very poor, 5 — excellent</source>
        <translation>1 — очень плохо, 5 — отлично</translation>
    </message>
    <message>
        <source>If you are not satisfied with the quality of service, call %1</source>
        <translation>Если Вы недовольны качеством обслуживания, позвоните %1</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Талон %1</translation>
    </message>
    <message>
        <source>Back to the ticket</source>
        <translation>Вернуться к талону</translation>
    </message>
    <message>
        <source>Rating not accepted</source>
        <translation>Оценка не принята</translation>
    </message>
    <message>
        <source>Please choose a score from 1 to 5.</source>
        <translation>Выберите оценку от 1 до 5.</translation>
    </message>
    <message>
        <source>This visit has already been rated. Thank you!</source>
        <translation>Этот визит уже оценён. Спасибо!</translation>
    </message>
    <message>
        <source>A visit can be rated once the service has finished.</source>
        <translation>Оценить можно после окончания обслуживания.</translation>
    </message>
    <message>
        <source>A visit can be rated within a day after the service.</source>
        <translation>Оценить визит можно в течение суток после обслуживания.</translation>
    </message>
    <message>
        <source>Please choose a score from 1 to 5; the reason may be at most 500 characters.</source>
        <translation>Выберите оценку от 1 до 5; причина — не длиннее 500 знаков.</translation>
    </message>
    <message>
        <source>Thank you for your rating</source>
        <translation>Спасибо за оценку</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Спасибо за оценку!</translation>
    </message>
    <message>
        <source>Your rating: %1 out of 5.</source>
        <translation>Ваша оценка: %1 из 5.</translation>
    </message>
</context>
</TS>
