<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>queue::desk::DeskController</name>
    <message>
        <source>disability</source>
        <translation>инвалидность</translation>
    </message>
    <message>
        <source>veteran</source>
        <translation>ветеран</translation>
    </message>
    <message>
        <source>pregnancy</source>
        <translation>беременность</translation>
    </message>
    <message>
        <source>with an infant</source>
        <translation>с ребёнком до года</translation>
    </message>
    <message>
        <source>other legal category</source>
        <translation>иная льготная категория</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Вопрос решён</translation>
    </message>
    <message>
        <source>Handed to the back office</source>
        <translation>Передано в бэк-офис</translation>
    </message>
    <message>
        <source>Break</source>
        <translation>Перерыв</translation>
    </message>
    <message>
        <source>Lunch</source>
        <translation>Обед</translation>
    </message>
    <message>
        <source>Technical break</source>
        <translation>Технический перерыв</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Закрыто</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Свободно</translation>
    </message>
    <message>
        <source>Calling</source>
        <translation>Вызов</translation>
    </message>
    <message>
        <source>Serving</source>
        <translation>Обслуживание</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Пауза</translation>
    </message>
    <message>
        <source>No connection to the queue server.</source>
        <translation>Нет связи с сервером очереди.</translation>
    </message>
    <message>
        <source>The queue server sent an answer that could not be understood.</source>
        <translation>Сервер очереди прислал непонятный ответ.</translation>
    </message>
    <message>
        <source>Wrong login or PIN, or the session has ended.</source>
        <translation>Неверный логин или PIN-код, либо сеанс завершён.</translation>
    </message>
    <message>
        <source>This operator may not work at this window.</source>
        <translation>Этому специалисту нельзя работать в этом окне.</translation>
    </message>
    <message>
        <source>No such window or ticket.</source>
        <translation>Такого окна или талона нет.</translation>
    </message>
    <message>
        <source>Not possible in the current state; the desk has been updated.</source>
        <translation>В текущем состоянии это невозможно; данные на экране обновлены.</translation>
    </message>
    <message>
        <source>Finish the current ticket first.</source>
        <translation>Сначала завершите работу с текущим талоном.</translation>
    </message>
    <message>
        <source>Recall the client more times before marking a no-show.</source>
        <translation>Прежде чем отметить неявку, повторите вызов ещё раз.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in a minute.</source>
        <translation>Слишком много неверных PIN-кодов. Попробуйте через минуту.</translation>
    </message>
    <message>
        <source>Unknown topic.</source>
        <translation>Неизвестная тема обращения.</translation>
    </message>
    <message>
        <source>The server could not save the change. Nothing was changed; please try again.</source>
        <translation>Сервер не смог сохранить изменение. Ничего не изменилось, повторите действие.</translation>
    </message>
    <message>
        <source>The request failed (HTTP %1).</source>
        <translation>Запрос не выполнен (HTTP %1).</translation>
    </message>
    <message>
        <source>Connection lost. Reconnecting…</source>
        <translation>Связь с сервером потеряна. Переподключение…</translation>
    </message>
    <message>
        <source>The session has ended. Please log in again.</source>
        <translation>Сеанс завершён. Войдите снова.</translation>
    </message>
    <message>
        <source>Connection restored. Repeating the last action…</source>
        <translation>Связь восстановлена. Повторяю последнее действие…</translation>
    </message>
    <message>
        <source>Stopping the service needs a comment.</source>
        <translation>Для прекращения обслуживания нужен комментарий.</translation>
    </message>
    <message>
        <source>No answer from the server. The action will be repeated when the connection is back.</source>
        <translation>Сервер не ответил. Действие будет повторено, когда связь восстановится.</translation>
    </message>
    <message>
        <source>Nobody is waiting for this window.</source>
        <translation>В очереди к этому окну никого нет.</translation>
    </message>
    <message>
        <source>Stopped: abusive or intoxicated client</source>
        <translation>Прекращено: грубость, опьянение</translation>
    </message>
    <message>
        <source>The office is closed.</source>
        <translation>Офис закрыт.</translation>
    </message>
    <message>
        <source>The server did not accept the request. Nothing was changed.</source>
        <translation>Сервер не принял запрос. Ничего не изменено.</translation>
    </message>
    <message>
        <source>Too many wrong PINs for this login. Try again in %1 s.</source>
        <translation>Слишком много неверных PIN-кодов для этого логина. Попробуйте через %1 с.</translation>
    </message>
    <message>
        <source>Too many failed logins from this computer. Try again in %1 s.</source>
        <translation>Слишком много неудачных входов с этого компьютера. Попробуйте через %1 с.</translation>
    </message>
    <message>
        <source>The office is closed. The visitors already waiting can still be called and served.</source>
        <translation>Офис закрыт. Посетителей, которые уже ждут, можно вызывать и обслуживать.</translation>
    </message>
    <message>
        <source>The office is closed; it opens %1. The visitors already waiting can still be called and served.</source>
        <translation>Офис закрыт; откроется %1. Посетителей, которые уже ждут, можно вызывать и обслуживать.</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::DeskWindow</name>
    <message>
        <source>Narrow panel</source>
        <translation>Узкая панель</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <source>Operator desk</source>
        <translation>Рабочее место оператора</translation>
    </message>
    <message>
        <source>Window %1 · %2</source>
        <translation>Окно %1 · %2</translation>
    </message>
    <message>
        <source>%1 · topics: %2</source>
        <translation>%1 · темы: %2</translation>
    </message>
    <message>
        <source>B2B (companies)</source>
        <translation>B2B (юридические лица)</translation>
    </message>
    <message>
        <source>B2C (private clients)</source>
        <translation>B2C (физические лица)</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● На связи</translation>
    </message>
    <message>
        <source>✖ No connection: reconnecting…</source>
        <translation>✖ Нет связи: переподключение…</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::LoginPage</name>
    <message>
        <source>Log in</source>
        <translation>Войти</translation>
    </message>
    <message>
        <source>Operator desk</source>
        <translation>Рабочее место оператора</translation>
    </message>
    <message>
        <source>Log in to your window to start calling clients.</source>
        <translation>Войдите в своё окно, чтобы начать вызывать клиентов.</translation>
    </message>
    <message>
        <source>Login</source>
        <translation>Логин</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN-код</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <source>Logging in…</source>
        <translation>Вход…</translation>
    </message>
    <message>
        <source>Enter your login and PIN.</source>
        <translation>Введите логин и PIN-код.</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::Style</name>
    <message>
        <source>within the norm</source>
        <translation>в норме</translation>
    </message>
    <message>
        <source>close to the norm</source>
        <translation>близко к норме</translation>
    </message>
    <message>
        <source>over the norm</source>
        <translation>сверх нормы</translation>
    </message>
</context>
<context>
    <name>queue::desk::ui::WorkPage</name>
    <message>
        <source>Call next</source>
        <translation>Вызвать следующего</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>Повторить вызов</translation>
    </message>
    <message>
        <source>Client came</source>
        <translation>Клиент подошёл</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>Не явился</translation>
    </message>
    <message>
        <source>Finish…</source>
        <translation>Завершить…</translation>
    </message>
    <message>
        <source>Redirect…</source>
        <translation>Перенаправить…</translation>
    </message>
    <message>
        <source>Postpone…</source>
        <translation>Отложить…</translation>
    </message>
    <message>
        <source>Call a ticket…</source>
        <translation>Вызвать талон…</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>Пауза…</translation>
    </message>
    <message>
        <source>Resume work</source>
        <translation>Продолжить работу</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Finish the service</source>
        <translation>Завершение обслуживания</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>A comment is required when the service is stopped.</source>
        <translation>При прекращении обслуживания комментарий обязателен.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Завершить</translation>
    </message>
    <message>
        <source>Redirect the client (they keep their place by arrival time)</source>
        <translation>Перенаправить клиента (место в очереди сохраняется по времени прихода)</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>Перенаправить</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Тема</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Окно</translation>
    </message>
    <message>
        <source>Postpone the ticket</source>
        <translation>Отложить талон</translation>
    </message>
    <message>
        <source> min</source>
        <translation> мин</translation>
    </message>
    <message>
        <source>Postpone</source>
        <translation>Отложить</translation>
    </message>
    <message>
        <source>Back in the queue in</source>
        <translation>Вернуть в очередь через</translation>
    </message>
    <message>
        <source>Pause: the window shows as closed on the boards</source>
        <translation>Пауза: на табло окно будет показано закрытым</translation>
    </message>
    <message>
        <source>Call a ticket from the queue</source>
        <translation>Вызвать талон из очереди</translation>
    </message>
    <message>
        <source>Call this ticket</source>
        <translation>Вызвать этот талон</translation>
    </message>
    <message>
        <source>Queue of this window</source>
        <translation>Очередь к окну</translation>
    </message>
    <message>
        <source>Today at this window</source>
        <translation>Сегодня в этом окне</translation>
    </message>
    <message>
        <source>Paused: %1. The window shows as closed on the boards.</source>
        <translation>Пауза: %1. На табло окно показано закрытым.</translation>
    </message>
    <message>
        <source>Free: call the next client</source>
        <translation>Свободно: вызовите следующего клиента</translation>
    </message>
    <message>
        <source>Called: waiting for the client</source>
        <translation>Вызван: ждём клиента</translation>
    </message>
    <message>
        <source>Serving the client</source>
        <translation>Идёт обслуживание</translation>
    </message>
    <message>
        <source>OUT OF TURN: %1</source>
        <translation>ВНЕ ОЧЕРЕДИ: %1</translation>
    </message>
    <message>
        <source>Recalled %1 times: you may mark a no-show.</source>
        <translation>Повторных вызовов: %1. Можно отметить неявку.</translation>
    </message>
    <message>
        <source>Recalls: %1 of %2</source>
        <translation>Повторных вызовов: %1 из %2</translation>
    </message>
    <message>
        <source>Recall (%1)</source>
        <translation>Повторить вызов (%1)</translation>
    </message>
    <message>
        <source>— same topic —</source>
        <translation>— та же тема —</translation>
    </message>
    <message>
        <source>— any window of the topic —</source>
        <translation>— любое окно по теме —</translation>
    </message>
    <message>
        <source>Window %1</source>
        <translation>Окно %1</translation>
    </message>
    <message>
        <source>%1 · %2 · waiting %3</source>
        <translation>%1 · %2 · ждёт %3</translation>
    </message>
    <message>
        <source> · out of turn (%1)</source>
        <translation> · вне очереди (%1)</translation>
    </message>
    <message>
        <source>Waited %1 · waiting norm %2 min · %3</source>
        <translation>Ожидание %1 · норма %2 мин · %3</translation>
    </message>
    <message>
        <source>Waited %1 · no waiting norm for this topic</source>
        <translation>Ожидание %1 · для этой темы норма ожидания не установлена</translation>
    </message>
    <message>
        <source>Called %1 ago</source>
        <translation>Вызван %1 назад</translation>
    </message>
    <message>
        <source>Service %1 · norm %2 min · %3</source>
        <translation>Обслуживание %1 · норма %2 мин · %3</translation>
    </message>
    <message>
        <source>Waiting for this window: %1</source>
        <translation>Ожидают этого окна: %1</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Данных пока нет</translation>
    </message>
    <message>
        <source>Served: %1 (no-shows: %2)</source>
        <translation>Обслужено: %1 (не явились: %2)</translation>
    </message>
    <message>
        <source>Average service %1 · norm up to %2 min · %3</source>
        <translation>Среднее обслуживание %1 · норма до %2 мин · %3</translation>
    </message>
    <message>
        <source>Average service %1</source>
        <translation>Среднее обслуживание %1</translation>
    </message>
    <message>
        <source>Average service: —</source>
        <translation>Среднее обслуживание: —</translation>
    </message>
    <message>
        <source>Within the service norm: %1</source>
        <translation>В пределах нормы обслуживания: %1</translation>
    </message>
    <message>
        <source>Within the waiting norm: %1</source>
        <translation>В пределах нормы ожидания: %1</translation>
    </message>
    <message>
        <source>waiting: %1</source>
        <translation>ждут: %1</translation>
    </message>
    <message>
        <source>, out of turn: %1</source>
        <translation>, вне очереди: %1</translation>
    </message>
    <message>
        <source>Nobody waits</source>
        <translation>Никто не ждёт</translation>
    </message>
    <message>
        <source>Longest wait %1 · norm %2 min · %3</source>
        <translation>Дольше всех ждёт %1 · норма %2 мин · %3</translation>
    </message>
    <message>
        <source>Longest wait %1 · no waiting norm</source>
        <translation>Дольше всех ждёт %1 · без нормы ожидания</translation>
    </message>
</context>
</TS>
