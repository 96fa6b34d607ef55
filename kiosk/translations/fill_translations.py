#!/usr/bin/env python3
"""Fills kiosk_ru.ts with the Russian text of every source string and kiosk_en.ts with the
English source itself (run after lupdate).

Usage: python3 kiosk/translations/fill_translations.py
A source string missing here is reported and left unfinished, so the check fails loudly.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

RU = {
    "Person with a disability": "Человек с инвалидностью",
    "Veteran or combat veteran": "Ветеран, участник боевых действий",
    "Pregnant woman": "Беременная женщина",
    "Visitor with a small child": "Посетитель с ребёнком до трёх лет",
    "Other category entitled by law": "Другая категория, установленная законом",
    "no wait": "без ожидания",
    "about %1 min": "около %1 мин",
    "today at %1": "сегодня в %1",
    "tomorrow at %1": "завтра в %1",
    "%1 at %2": "%1, в %2",
    "OUT OF TURN: %1": "ВНЕ ОЧЕРЕДИ: %1",
    "People ahead of you: %1": "Перед Вами в очереди: %1",
    "Expected wait: %1": "Ожидание: %1",
    "If you are not satisfied with the quality of service, call %1":
        "Если Вы недовольны качеством обслуживания, позвоните %1",
    "Your place in the queue": "Ваше место в очереди",
    "I have a booking": "У меня предварительная запись",
    "Enter the booking code from the text message or e-mail": "Введите код записи из SMS или письма",
    "Your booking is for %1. Check-in opens at %2: please come back then.":
        "Вы записаны на %1. Регистрация начнётся в %2 — пожалуйста, подойдите к этому времени.",
    "There is no booking with code %1. Check the code, or take a ticket for the topic of your visit.":
        "Записи с кодом %1 нет. Проверьте код или возьмите талон по теме обращения.",
    "This booking was cancelled. Please take a ticket for the topic of your visit.":
        "Эта запись отменена. Возьмите, пожалуйста, талон по теме обращения.",
    "A ticket has already been issued for this booking.": "По этой записи талон уже выдан.",
    "This booking was for an earlier day. Please take a ticket for the topic of your visit.":
        "Эта запись была на другой день. Возьмите, пожалуйста, талон по теме обращения.",
    "The booking cannot be checked now. Please take a ticket for the topic of your visit, "
    "or ask the administrator.":
        "Запись сейчас не удаётся проверить. Возьмите, пожалуйста, талон по теме обращения "
        "или обратитесь к администратору.",
    "Rate the service": "Оценить обслуживание",
    "Enter the number from your ticket: the letter, then the digits":
        "Введите номер с Вашего талона: сначала букву, затем цифры",
    "There is no ticket %1 today. Check the number.": "Талона %1 сегодня не было. Проверьте номер.",
    "Ticket %1 has not been served yet: you can rate the service after your visit.":
        "Талон %1 ещё не обслужен: оценить обслуживание можно после визита.",
    "Ticket %1 has already been rated. Thank you!": "Обслуживание по талону %1 уже оценено. Спасибо!",
    "The visit with ticket %1 was more than a day ago and can no longer be rated.":
        "Визит по талону %1 был больше суток назад, оценить его уже нельзя.",
    "The rating cannot be accepted now. Please try again later.":
        "Оценку сейчас не удаётся принять. Попробуйте, пожалуйста, позже.",
    "How would you rate the service?": "Как Вы оцениваете обслуживание?",
    "Ticket %1": "Талон %1",
    "Very bad": "Очень плохо",
    "Bad": "Плохо",
    "Satisfactory": "Нормально",
    "Good": "Хорошо",
    "Excellent": "Отлично",
    "Thank you for your rating!": "Спасибо за оценку!",
    "Your opinion helps us to serve you better.": "Ваше мнение помогает нам работать лучше.",
    "You are late for your booking at %1, so this is an ordinary ticket in the general queue.":
        "Вы опоздали к времени записи (%1), поэтому талон выдан в общую очередь.",
    "OK": "Готово",
    "Back": "Назад",
    "Touch the screen and choose who you are: a private client or a company":
        "Коснитесь экрана и выберите: частный клиент или юридическое лицо",
    "Choose the topic of your visit": "Выберите тему обращения",
    "Take the ticket from the slot below the screen": "Возьмите талон из лотка под экраном",
    "Wait until your number and window appear on the board and are announced":
        "Ожидайте: номер талона и окна появится на табло и прозвучит в зале",
    "A015": "А015",
    "A015 → 3": "А015 → 3",
    "How to get a ticket": "Как получить талон",
    "Electronic queue": "Электронная очередь",
    "Please wait": "Подождите, пожалуйста",
    "The terminal is connecting to the queue server.": "Терминал подключается к серверу очереди.",
    "Printing your ticket…": "Печатаем талон…",
    "Please wait a moment.": "Подождите несколько секунд.",
    "The office is closed": "Офис закрыт",
    "Tickets are issued during office hours.": "Талоны выдаются в часы работы офиса.",
    "Tickets are issued during office hours.\nThe office opens %1.":
        "Талоны выдаются в часы работы офиса.\nОфис откроется %1.",
    "The terminal is temporarily out of service": "Терминал временно не работает",
    "The terminal is temporarily out of order, please contact a staff member":
        "Терминал временно не работает, обратитесь к специалисту",
    "Your ticket could not be printed and has been cancelled.":
        "Талон не удалось напечатать, он отменён.",
    "There is no connection to the queue server. We keep trying to restore it: please wait a little or ask "
    "the administrator.":
        "Нет связи с сервером очереди. Мы восстанавливаем связь — подождите немного "
        "или обратитесь к администратору.",
    "The printer is not working": "Принтер не работает",
    "Please tell the administrator. You can also get your number without a paper ticket: it will be shown on "
    "the screen — remember it or take a photo.":
        "Обратитесь к администратору. Можно получить номер без бумажного талона: он будет показан "
        "на экране — запомните или сфотографируйте его.",
    "Please tell the administrator. Tickets cannot be issued until the printer works again.":
        "Обратитесь к администратору. Талоны не выдаются, пока принтер не заработает.",
    "Show my number on the screen": "Показать номер на экране",
    "Cancel": "Отмена",
    "Right to be served out of turn": "Право на обслуживание вне очереди",
    "Choose your category. The specialist may ask for a document that confirms it.":
        "Выберите категорию. Специалист может попросить подтверждающий документ.",
    "Private clients": "Частные клиенты",
    "Companies": "Юридические лица",
    "Take a ticket. Who are you?": "Получите талон. Вы обращаетесь как:",
    "Out of turn. Who are you?": "Вне очереди. Вы обращаетесь как:",
    "Individuals: contracts, bills, meters, payments": "Физические лица: договоры, счета, приборы учёта, оплата",
    "Organisations and sole traders": "Организации и индивидуальные предприниматели",
    "How to use": "Как пользоваться",
    "Out of turn: %1": "Вне очереди: %1",
    "High contrast": "Контрастный экран",
    "The printer is not working. Your number will be shown on the screen; please tell the administrator.":
        "Принтер не работает: номер талона будет показан на экране. Сообщите администратору.",
    "Paper is running low: please tell the administrator.":
        "В принтере заканчивается бумага — сообщите администратору.",
    "Take your ticket": "Возьмите талон",
    "Remember your number": "Запомните номер",
    "People ahead of you: %1\nExpected wait: %2": "Перед Вами в очереди: %1\nОжидание: %2",
    "The ticket could not be printed. Remember or photograph your number; if you need help, ask the "
    "administrator.":
        "Талон не напечатан. Запомните или сфотографируйте номер; если нужна помощь, "
        "обратитесь к администратору.",
    "Done": "Готово",
    "Watch the board: your number and window will appear there and be announced.":
        "Следите за табло: там появится номер талона и окна, его объявят в зале.",
    "In queue: %1 · wait %2": "В очереди: %1 · ожидание %2",
    "No queue": "Очереди нет",
    "Normal colours": "Обычный экран",
}

missing = []


def fill(name, translate):
    path = Path(__file__).with_name(name)
    tree = ET.parse(path)
    for msg in tree.iter("message"):
        src = msg.findtext("source")
        tr = msg.find("translation")
        text = translate(src)
        if text is None:
            missing.append(src)
            continue
        tr.text = text
        tr.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    # ElementTree drops the DOCTYPE; keep the file as Linguist writes it.
    text = path.read_text(encoding="utf-8").replace("<?xml version='1.0' encoding='utf-8'?>",
                                                     '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>', 1)
    path.write_text(text + ("\n" if not text.endswith("\n") else ""), encoding="utf-8")


fill("kiosk_ru.ts", RU.get)
fill("kiosk_en.ts", lambda src: src)
if missing:
    print("no Russian for:", *missing, sep="\n  ")
    sys.exit(1)
