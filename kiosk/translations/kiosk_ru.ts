<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>KioskTexts</name>
    <message>
        <source>Person with a disability</source>
        <translation>Человек с инвалидностью</translation>
    </message>
    <message>
        <source>Veteran or combat veteran</source>
        <translation>Ветеран, участник боевых действий</translation>
    </message>
    <message>
        <source>Pregnant woman</source>
        <translation>Беременная женщина</translation>
    </message>
    <message>
        <source>Visitor with a small child</source>
        <translation>Посетитель с ребёнком до трёх лет</translation>
    </message>
    <message>
        <source>Other category entitled by law</source>
        <translation>Другая категория, установленная законом</translation>
    </message>
    <message>
        <source>no wait</source>
        <translation>без ожидания</translation>
    </message>
    <message>
        <source>about %1 min</source>
        <translation>около %1 мин</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::KioskController</name>
    <message>
        <source>OUT OF TURN: %1</source>
        <translation>ВНЕ ОЧЕРЕДИ: %1</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>Перед Вами в очереди: %1</translation>
    </message>
    <message>
        <source>Expected wait: %1</source>
        <translation>Ожидание: %1</translation>
    </message>
    <message>
        <source>If you are not satisfied with the quality of service, call %1</source>
        <translation>Если Вы недовольны качеством обслуживания, позвоните %1</translation>
    </message>
    <message>
        <source>Your place in the queue</source>
        <translation>Ваше место в очереди</translation>
    </message>
    <message>
        <source>Your booking is for %1. Check-in opens at %2: please come back then.</source>
        <translation>Вы записаны на %1. Регистрация начнётся в %2 — пожалуйста, подойдите к этому времени.</translation>
    </message>
    <message>
        <source>There is no booking with code %1. Check the code, or take a ticket for the topic of your visit.</source>
        <translation>Записи с кодом %1 нет. Проверьте код или возьмите талон по теме обращения.</translation>
    </message>
    <message>
        <source>This booking was cancelled. Please take a ticket for the topic of your visit.</source>
        <translation>Эта запись отменена. Возьмите, пожалуйста, талон по теме обращения.</translation>
    </message>
    <message>
        <source>A ticket has already been issued for this booking.</source>
        <translation>По этой записи талон уже выдан.</translation>
    </message>
    <message>
        <source>This booking was for an earlier day. Please take a ticket for the topic of your visit.</source>
        <translation>Эта запись была на другой день. Возьмите, пожалуйста, талон по теме обращения.</translation>
    </message>
    <message>
        <source>The booking cannot be checked now. Please take a ticket for the topic of your visit, or ask the administrator.</source>
        <translation>Запись сейчас не удаётся проверить. Возьмите, пожалуйста, талон по теме обращения или обратитесь к администратору.</translation>
    </message>
    <message>
        <source>There is no ticket %1 today. Check the number.</source>
        <translation>Талона %1 сегодня не было. Проверьте номер.</translation>
    </message>
    <message>
        <source>Ticket %1 has not been served yet: you can rate the service after your visit.</source>
        <translation>Талон %1 ещё не обслужен: оценить обслуживание можно после визита.</translation>
    </message>
    <message>
        <source>Ticket %1 has already been rated. Thank you!</source>
        <translation>Обслуживание по талону %1 уже оценено. Спасибо!</translation>
    </message>
    <message>
        <source>The visit with ticket %1 was more than a day ago and can no longer be rated.</source>
        <translation>Визит по талону %1 был больше суток назад, оценить его уже нельзя.</translation>
    </message>
    <message>
        <source>The rating cannot be accepted now. Please try again later.</source>
        <translation>Оценку сейчас не удаётся принять. Попробуйте, пожалуйста, позже.</translation>
    </message>
    <message>
        <source>The topic you chose is no longer served. Please choose another one.</source>
        <translation>Выбранная тема больше не обслуживается. Пожалуйста, выберите другую.</translation>
    </message>
    <message>
        <source>People ahead of you: —</source>
        <translation>Перед Вами в очереди: —</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::BookingScreen</name>
    <message>
        <source>I have a booking</source>
        <translation>У меня предварительная запись</translation>
    </message>
    <message>
        <source>Enter the booking code from the text message or e-mail</source>
        <translation>Введите код записи из SMS или письма</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::HelpDiagram</name>
    <message>
        <source>Touch the screen and choose who you are: a private client or a company</source>
        <translation>Коснитесь экрана и выберите: частный клиент или юридическое лицо</translation>
    </message>
    <message>
        <source>Choose the topic of your visit</source>
        <translation>Выберите тему обращения</translation>
    </message>
    <message>
        <source>Take the ticket from the slot below the screen</source>
        <translation>Возьмите талон из лотка под экраном</translation>
    </message>
    <message>
        <source>Wait until your number and window appear on the board and are announced</source>
        <translation>Ожидайте: номер талона и окна появится на табло и прозвучит в зале</translation>
    </message>
    <message>
        <source>A015</source>
        <translation>А015</translation>
    </message>
    <message>
        <source>A015 → 3</source>
        <translation>А015 → 3</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::HelpScreen</name>
    <message>
        <source>How to get a ticket</source>
        <translation>Как получить талон</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::KioskWindow</name>
    <message>
        <source>Electronic queue</source>
        <translation>Электронная очередь</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::MessageScreen</name>
    <message>
        <source>Please wait</source>
        <translation>Подождите, пожалуйста</translation>
    </message>
    <message>
        <source>The terminal is connecting to the queue server.</source>
        <translation>Терминал подключается к серверу очереди.</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Печатаем талон…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Подождите несколько секунд.</translation>
    </message>
    <message>
        <source>The office is closed</source>
        <translation>Офис закрыт</translation>
    </message>
    <message>
        <source>Tickets are issued during office hours.</source>
        <translation>Талоны выдаются в часы работы офиса.</translation>
    </message>
    <message>
        <source>Tickets are issued during office hours.
The office opens %1.</source>
        <translation>Талоны выдаются в часы работы офиса.
Офис откроется %1.</translation>
    </message>
    <message>
        <source>The terminal is temporarily out of service</source>
        <translation>Терминал временно не работает</translation>
    </message>
    <message>
        <source>There is no connection to the queue server. We keep trying to restore it: please wait a little or ask the administrator.</source>
        <translation>Нет связи с сервером очереди. Мы восстанавливаем связь — подождите немного или обратитесь к администратору.</translation>
    </message>
    <message>
        <source>The printer is not working</source>
        <translation>Принтер не работает</translation>
    </message>
    <message>
        <source>Please tell the administrator. You can also get your number without a paper ticket: it will be shown on the screen — remember it or take a photo.</source>
        <translation>Обратитесь к администратору. Можно получить номер без бумажного талона: он будет показан на экране — запомните или сфотографируйте его.</translation>
    </message>
    <message>
        <source>Please tell the administrator. Tickets cannot be issued until the printer works again.</source>
        <translation>Обратитесь к администратору. Талоны не выдаются, пока принтер не заработает.</translation>
    </message>
    <message>
        <source>Show my number on the screen</source>
        <translation>Показать номер на экране</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>The terminal is temporarily out of order, please contact a staff member</source>
        <translation>Терминал временно не работает, обратитесь к специалисту</translation>
    </message>
    <message>
        <source>Your ticket could not be printed and has been cancelled.</source>
        <translation>Талон не удалось напечатать, он отменён.</translation>
    </message>
    <message>
        <source>Thank you for your rating!</source>
        <translation>Спасибо за оценку!</translation>
    </message>
    <message>
        <source>Your opinion helps us to serve you better.</source>
        <translation>Ваше мнение помогает нам работать лучше.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::PriorityScreen</name>
    <message>
        <source>Right to be served out of turn</source>
        <translation>Право на обслуживание вне очереди</translation>
    </message>
    <message>
        <source>Choose your category. The specialist may ask for a document that confirms it.</source>
        <translation>Выберите категорию. Специалист может попросить подтверждающий документ.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::RatingNumberScreen</name>
    <message>
        <source>Rate the service</source>
        <translation>Оценить обслуживание</translation>
    </message>
    <message>
        <source>Enter the number from your ticket: the letter, then the digits</source>
        <translation>Введите номер с Вашего талона: сначала букву, затем цифры</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::RatingScoreScreen</name>
    <message>
        <source>How would you rate the service?</source>
        <translation>Как Вы оцениваете обслуживание?</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Талон %1</translation>
    </message>
    <message>
        <source>Very bad</source>
        <translation>Очень плохо</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Плохо</translation>
    </message>
    <message>
        <source>Satisfactory</source>
        <translation>Нормально</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Хорошо</translation>
    </message>
    <message>
        <source>Excellent</source>
        <translation>Отлично</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::Screen</name>
    <message>
        <source>Private clients</source>
        <translation>Частные клиенты</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>Юридические лица</translation>
    </message>
    <message>
        <source>No connection to the server: tickets are issued from the kiosk&apos;s reserve. The expected wait is not known until the connection is back.</source>
        <translation>Нет связи с сервером: талоны выдаются из резерва киоска. Время ожидания станет известно, когда связь восстановится.</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::StartScreen</name>
    <message>
        <source>Take a ticket. Who are you?</source>
        <translation>Получите талон. Вы обращаетесь как:</translation>
    </message>
    <message>
        <source>Out of turn. Who are you?</source>
        <translation>Вне очереди. Вы обращаетесь как:</translation>
    </message>
    <message>
        <source>Individuals: contracts, bills, meters, payments</source>
        <translation>Физические лица: договоры, счета, приборы учёта, оплата</translation>
    </message>
    <message>
        <source>Organisations and sole traders</source>
        <translation>Организации и индивидуальные предприниматели</translation>
    </message>
    <message>
        <source>Right to be served out of turn</source>
        <translation>Право на обслуживание вне очереди</translation>
    </message>
    <message>
        <source>I have a booking</source>
        <translation>У меня предварительная запись</translation>
    </message>
    <message>
        <source>How to use</source>
        <translation>Как пользоваться</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Вне очереди: %1</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Контрастный экран</translation>
    </message>
    <message>
        <source>The printer is not working. Your number will be shown on the screen; please tell the administrator.</source>
        <translation>Принтер не работает: номер талона будет показан на экране. Сообщите администратору.</translation>
    </message>
    <message>
        <source>Paper is running low: please tell the administrator.</source>
        <translation>В принтере заканчивается бумага — сообщите администратору.</translation>
    </message>
    <message>
        <source>Normal colours</source>
        <translation>Обычный экран</translation>
    </message>
    <message>
        <source>Rate the service</source>
        <translation>Оценить обслуживание</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::TicketScreen</name>
    <message>
        <source>Take your ticket</source>
        <translation>Возьмите талон</translation>
    </message>
    <message>
        <source>Remember your number</source>
        <translation>Запомните номер</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Вне очереди: %1</translation>
    </message>
    <message>
        <source>People ahead of you: %1
Expected wait: %2</source>
        <translation>Перед Вами в очереди: %1
Ожидание: %2</translation>
    </message>
    <message>
        <source>The ticket could not be printed. Remember or photograph your number; if you need help, ask the administrator.</source>
        <translation>Талон не напечатан. Запомните или сфотографируйте номер; если нужна помощь, обратитесь к администратору.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <source>Watch the board: your number and window will appear there and be announced.</source>
        <translation>Следите за табло: там появится номер талона и окна, его объявят в зале.</translation>
    </message>
    <message>
        <source>You are late for your booking at %1, so this is an ordinary ticket in the general queue.</source>
        <translation>Вы опоздали к времени записи (%1), поэтому талон выдан в общую очередь.</translation>
    </message>
    <message>
        <source>The kiosk has no connection to the server now. Your ticket is valid: it takes its place in the queue by the time you came as soon as the connection is back.</source>
        <translation>Сейчас у киоска нет связи с сервером. Ваш талон действителен: как только связь восстановится, он займёт место в очереди по времени вашего прихода.</translation>
    </message>
</context>
<context>
    <name>queue::kiosk::ui::TopicsScreen</name>
    <message>
        <source>Choose the topic of your visit</source>
        <translation>Выберите тему обращения</translation>
    </message>
    <message>
        <source>Out of turn: %1</source>
        <translation>Вне очереди: %1</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <source>In queue: %1 · wait %2</source>
        <translation>В очереди: %1 · ожидание %2</translation>
    </message>
    <message>
        <source>No queue</source>
        <translation>Очереди нет</translation>
    </message>
    <message>
        <source>Expected wait: %1</source>
        <translation>Ожидание: %1</translation>
    </message>
</context>
</TS>
