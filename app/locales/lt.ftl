# Portico: lietuvių kalba (lt). Tie patys identifikatoriai ir vietos rezervavimo ženklai kaip en.ftl.
# Identifikatoriai – app::i18n::Key pavadinimai kebab-case forma (sąsaja), o laiškams – email-… (server::mail::text::T).

app-name = Portico
skip-to-content = Pereiti prie pagrindinio turinio
nav-dashboard = Apžvalga
nav-invoices = Sąskaitos faktūros
nav-clients = Klientai
sign-out = Atsijungti
signed-in-as = Prisijungta kaip
sign-in-title = Prisijungimas
sign-in-intro = Jūsų dokumentai, sąskaitos faktūros ir mokėjimai vienoje vietoje.
email = El. paštas
password = Slaptažodis
sign-in = Prisijungti
signing-in = Jungiamasi…
login-invalid = Neteisingas el. pašto adresas arba slaptažodis, arba paskyra neaktyvi.
field-required = Šį lauką būtina užpildyti.
welcome = Sveiki, { $name }
amount-due = Mokėtina suma
nothing-due = Šiuo metu nieko mokėti nereikia.
overdue-invoices = Pradelstos sąskaitos faktūros
open-invoices = Neapmokėtos sąskaitos faktūros
next-due = Artimiausias mokėjimo terminas
next-due-none = Artėjančių mokėjimų nėra
view-invoices = Peržiūrėti visas sąskaitas faktūras
invoices-title = Sąskaitos faktūros
invoices-intro = Visos jums išrašytos sąskaitos faktūros, naujausios viršuje.
number = Numeris
issue-date = Išrašymo data
due-date = Mokėjimo terminas
status = Būsena
total = Iš viso
no-invoices = Sąskaitų faktūrų dar nėra.
overdue = Pradelsta
status-draft = Juodraštis
status-open = Neapmokėta
status-partially-paid = Iš dalies apmokėta
status-paid = Apmokėta
status-void = Anuliuota
invoice-title = Sąskaita faktūra Nr. { $number }
back-to-invoices = Atgal į sąskaitas faktūras
billed-to = Pirkėjas
description = Aprašymas
quantity = Kiekis
unit-price = Vieneto kaina
tax-rate = Mokestis
amount = Suma
subtotal = Tarpinė suma
tax-total = Mokesčiai
paid = Sumokėta
balance = Mokėtinas likutis
payments = Mokėjimai
payment-date = Data
method = Būdas
reference = Nuoroda
no-payments = Mokėjimų dar neužregistruota.
notes = Pastabos
clients-title = Klientai
clients-intro = Visi klientai ir jų įsiskolinimai.
client = Klientas
contact = Kontaktas
outstanding = Įsiskolinimas
users = Portalo naudotojai
no-clients = Klientų dar nėra.
back-to-clients = Atgal į klientų sąrašą
client-invoices = Sąskaitos faktūros
not-found-title = Puslapis nerastas
not-found-body = Šio puslapio rasti nepavyko. Galbūt jis perkeltas arba nuoroda neteisinga.
error-generic = Įvyko klaida. Bandykite dar kartą.
error-forbidden = Neturite prieigos prie šio puslapio.
error-unavailable = Šiuo metu portalas apkrautas. Bandykite dar kartą po minutės.
session-ended = Jūsų seansas baigėsi. Prisijunkite dar kartą.
loading = Įkeliama…
back-home = Eiti į pradžios puslapį
statement-title = Atsiskaitymų išrašas
statement-period = { $from } – { $to }
statement-empty = Šiuo laikotarpiu sąskaitų faktūrų ir mokėjimų nėra.
statement-intro = Visos per laikotarpį išrašytos sąskaitos faktūros ir gauti mokėjimai, o neapmokėtos sumos suskirstytos pagal įsiskolinimo senumą.
nav-statement = Išrašas
account = Atsiskaitymai
entry-type = Tipas
debit = Priskaičiuota
credit = Mokėjimai
running-balance = Likutis
opening-balance = Pradinis likutis
closing-balance = Galutinis likutis
aging = Įsiskolinimų senumas
aging-current = Nepradelsta
aging1-to30 = 1–30 dienų
aging31-to60 = 31–60 dienų
aging61-to90 = 61–90 dienų
aging-over90 = Daugiau nei 90 dienų
entry-invoice = Sąskaita faktūra
entry-payment = Mokėjimas
entry-refund = Grąžinimas
from = Nuo
to = Iki
show = Rodyti
download-pdf = Atsisiųsti PDF
download-csv = Atsisiųsti CSV
overdue-amount = Pradelsta suma
last-payment = Paskutinis mokėjimas
no-payment-yet = Mokėjimų dar nėra
filter-status = Būsena
all-statuses = Visos
status-unpaid = Visos neapmokėtos
search-number = Sąskaitos faktūros numeris
sort-by = Rikiuoti
sort-issued = Nuo naujausių
sort-due = Pagal mokėjimo terminą
sort-amount = Nuo didžiausios sumos
apply-filters = Taikyti
clear-filters = Išvalyti
next-page = Kitas puslapis
first-page = Pirmas puslapis
no-matches = Pagal šiuos filtrus sąskaitų faktūrų nerasta.
nav-staff-invoices = Sąskaitos faktūros
nav-aging = Įsiskolinimų senumas
staff-invoices-intro = Visų klientų sąskaitos faktūros.
aging-title = Įsiskolinimų senumo ataskaita
aging-intro = Kiek kiekvienas klientas dar skolingas ir kiek laiko praėjo nuo mokėjimo termino.
new-invoice = Nauja sąskaita faktūra
edit-draft = Redaguoti juodraštį
save-draft = Išsaugoti juodraštį
issue-invoice = Išrašyti sąskaitą faktūrą
issue-hint = Išrašyta sąskaita faktūra tampa matoma klientui. Jos nebegalima redaguoti.
record-payment = Registruoti mokėjimą
record-refund = Registruoti grąžinimą
refund = Tai grąžinimas
void-invoice = Anuliuoti sąskaitą faktūrą
void-reason = Anuliavimo priežastis
voided-because = Anuliuota: { $reason }
add-line = Pridėti eilutę
remove-line = Pašalinti eilutę Nr. { $n }
line-n = Eilutė Nr. { $n }
currency-field = Valiuta
tax-percent = Mokestis, %
saved = Išsaugota.
payment-recorded = Mokėjimas užregistruotas.
actions = Veiksmai
date-field = Data
err-exceeds-balance = Suma viršija mokėtiną likutį.
err-positive = Įveskite didesnę nei nulis sumą.
err-amount = Įveskite sumą, pavyzdžiui, 1250,00.
err-date = Įveskite datą formatu MMMM-MM-DD.
err-due-before-issue = Mokėjimo terminas negali būti ankstesnis už išrašymo datą.
err-taken = Toks sąskaitos faktūros numeris jau naudojamas.
err-not-editable = Keisti galima tik juodraščius.
err-no-lines = Pridėkite bent vieną eilutę.
err-currency = Pasirinkite žinomą valiutą.
err-refund-too-large = Grąžinama suma negali viršyti sumokėtos sumos.
err-has-payments = Prieš anuliuodami pirmiausia grąžinkite mokėjimus.
err-range = Pabaigos data turi būti ne ankstesnė už pradžios datą, o laikotarpis – ne ilgesnis nei dešimt metų.
err-client = Pasirinkite klientą.
invoice-lines = Sąskaitos faktūros eilutės
all-clients = Visi klientai
folder = Aplankas
all-folders = Visi aplankai
doc-title = Pavadinimas
doc-title-hint = Neprivaloma: kitaip bus naudojamas failo pavadinimas
upload = Įkelti
choose-file = Failas
choose-files = Failai
uploading = Įkėlimo eiga
start-again = Pradėti iš naujo
code-step-intro = Slaptažodis teisingas. Dabar įveskite kodą iš autentifikavimo programėlės.
uploaded-percent = Išsiųsta { $percent } %
no-documents = Čia dokumentų dar nėra.
new-mark = Naujas
deleted-until = Ištrinta · galima atkurti iki { $date }
file-name = Failas
size = Dydis
updated = Atnaujinta
download = Atsisiųsti
delete = Ištrinti
restore = Atkurti
no-requests = Dokumentų užklausų nėra.
fulfilled = Įvykdyta
requested = Paprašyta
search-documents = Ieškoti pagal pavadinimą
search-clients = Pavadinimas arba el. paštas
sort-name = Pagal pavadinimą
sort-size = Nuo didžiausių
documents-title = Dokumentai
documents-intro = Mūsų jums pateiktos sutartys, mokesčių deklaracijos ir ataskaitos bei visi jūsų atsiųsti dokumentai.
requests = Dokumentų užklausos
send-documents = Atsiųskite mums dokumentus
open-preview = Atidaryti peržiūrą
versions = Versijos
version = Versija
back-to-documents = Atgal į dokumentus
new-version = Įkelti naują versiją
upload-for-client = Įkelti dokumentus
request-document = Paprašyti dokumento
nav-documents = Dokumentai
err-too-large = Failas viršija didžiausią leidžiamą įkeliamo failo dydį.
err-file-type = Tokio tipo failai nepriimami. Siųskite PDF, paveikslėlius, biuro dokumentus, tekstinius, CSV arba ZIP failus.
never-viewed = dar neperžiūrėta
viewed-times = { $n ->
    [one] peržiūrėta { $n } kartą
    [few] peržiūrėta { $n } kartus
    [many] peržiūrėta { $n } karto
   *[other] peržiūrėta { $n } kartų
} · paskutinį kartą peržiūrėjo { $name } { $ago }
outcome-success = Sėkmingai
outcome-denied = Atmesta
outcome-failed = Nepavyko
kind-client = Kliento naudotojas
kind-staff = Darbuotojas
kind-system = Sistema
kind-anonymous = Neprisijungęs naudotojas
time = Laikas (UTC)
who = Kas
action = Veiksmas
item = Objektas
outcome = Rezultatas
source = IP adresas ir naršyklė
no-activity = Pagal šiuos filtrus veiklos nerasta.
newest-events = Naujausi įvykiai
older-events = Senesni įvykiai
any-option = Bet koks
audit-title = Audito žurnalas
audit-intro = Visa klientų ir darbuotojų veikla portale, naujausi įrašai viršuje. Įrašų negalima pakeisti ar pašalinti, o kiekvienas jų įtraukiamas į pasirašytą kontrolinę santrauką.
actor-filter = Asmuo (vardas arba el. pašto adresas)
ip-filter = IP adresas
export-csv = Eksportuoti CSV
user-filter = Naudotojas
client-activity = Veikla
last-seen = Paskutinis apsilankymas
never-signed-in = Dar nesilankė
not-seen-for = { $days ->
    [one] Nesilankė { $days }+ dieną
    [few] Nesilankė { $days }+ dienas
    [many] Nesilankė { $days }+ dienos
   *[other] Nesilankė { $days }+ dienų
}
active-recently = Lankėsi per pastarąsias 30 dienų
all-invoices-viewed = Kiekvieną išrašytą sąskaitą faktūrą klientas jau atidarė.
clients-quiet = Klientai ir jų paskutiniai apsilankymai
clients-quiet-count = { $n ->
    [one] { $n } klientas nesilankė 30 ar daugiau dienų.
    [few] { $n } klientai nesilankė 30 ar daugiau dienų.
    [many] { $n } kliento nesilankė 30 ar daugiau dienų.
   *[other] { $n } klientų nesilankė 30 ar daugiau dienų.
}
invoices-never-viewed = Išrašytos, bet dar neperžiūrėtos sąskaitos faktūros
people = Naudotojai
engagement-title = Aktyvumas
engagement-intro = Kas naudojasi portalu, kas nebesilanko ir kurių sąskaitų faktūrų niekas neatidarė. Darbuotojų peržiūros neskaičiuojamos.
activity-title = Veikla
company-activity-intro = Ką jūsų įmonės naudotojai darė portale: prisijungimai, peržiūros, atsisiuntimai ir įkėlimai, naujausi viršuje.
nav-audit = Audito žurnalas
nav-engagement = Aktyvumas
nav-activity = Veikla
seen-by-client = Klientas peržiūrėjo
account-title = Jūsų paskyra
account-intro = Jūsų vardas, kurį mato firma, slaptažodis, dviejų etapų prisijungimas ir naršyklės, kuriose esate prisijungę.
name-field = Vardas ir pavardė
save-profile = Išsaugoti profilį
profile-saved = Jūsų profilis išsaugotas.
change-password = Keisti slaptažodį
current-password = Dabartinis slaptažodis
new-password = Naujas slaptažodis (ne trumpesnis nei 10 simbolių)
password-changed = Jūsų slaptažodis pakeistas.
err-wrong-password = Dabartinis slaptažodis neteisingas.
err-too-short = Naudokite ne mažiau kaip 10 simbolių.
err-too-long = Reikšmė per ilga.
nav-account = Paskyra
code-field = Vienkartinis kodas
code-required = Įveskite 6 skaitmenų kodą iš autentifikavimo programėlės.
err-wrong-code = Kodas neteisingas. Kodai keičiasi kas 30 sekundžių.
err-setup-expired = Pradėkite nustatymą iš naujo.
two-factor-title = Dviejų etapų prisijungimas
two-factor-off = Išjungtas. Įjunkite, kad įvedus slaptažodį būtų prašoma kodo iš autentifikavimo programėlės.
two-factor-on = Įjungtas: prisijungiant prašoma kodo iš autentifikavimo programėlės.
set-up-two-factor = Nustatyti dviejų etapų prisijungimą
two-factor-secret-hint = Pridėkite šį raktą į autentifikavimo programėlę (arba atidarykite nuorodą telefone), tada įveskite joje rodomą kodą.
secret-key = Raktas
open-in-app = Atidaryti autentifikavimo programėlėje
turn-on = Įjungti
turn-off = Išjungti dviejų etapų prisijungimą
profile = Profilis
new-client = Naujas klientas
contact-email = Kontaktinis el. pašto adresas
create-client = Sukurti klientą
edit-client = Redaguoti duomenis
save-client = Išsaugoti duomenis
people-intro = Kas prisijungia šio kliento vardu. Pakvieskite naudotoją ir nusiųskite jam nuorodą; išjunkite išėjusio asmens prieigą.
no-people = Šio kliento vardu dar niekas neprisijungia.
invite-person = Pakviesti naudotoją
create-invite-link = Sukurti kvietimo nuorodą
person-active = Aktyvus
person-invited = Pakviestas
person-disabled = Išjungtas
yes = Taip
no = Ne
disable-person = Išjungti
disable-person-named = Išjungti naudotoją: { $name }
enable-person = Įjungti
enable-person-named = Įjungti naudotoją: { $name }
new-invite-link = Nauja kvietimo nuoroda
new-invite-link-named = Nauja kvietimo nuoroda: { $name }
invite-ready = Kvietimą išsiuntėme adresu { $email } (gavėjas: { $name }). Šią nuorodą galite nusiųsti ir patys: ji veikia vieną kartą, iki { $until }, ir rodoma tik dabar.
invite-link-label = Kvietimo nuoroda
welcome-title = Sveiki
welcome-intro = { $firm } pakvietė jus į klientų portalą (klientas: { $client }). Norėdami prisijungti, susikurkite slaptažodį.
confirm-password = Pakartokite naują slaptažodį
set-password-and-sign-in = Nustatyti slaptažodį ir prisijungti
invite-invalid-title = Ši kvietimo nuoroda neveikia
invite-invalid-hint = Ji jau panaudota, pakeista naujesne arba jos galiojimas baigėsi. Paprašykite naujos – ją atsiųs { $firm }.
invite-invalid = Ši kvietimo nuoroda nebeveikia. Paprašykite naujos.
err-email = Tai nėra el. pašto adresas.
err-passwords-differ = Slaptažodžiai nesutampa.
err-already-accepted = Šis naudotojas jau nustatė slaptažodį.
err-user-disabled = Šis naudotojas išjungtas: pirmiausia jį įjunkite.
team-intro = Kas prisijungia jūsų įmonės vardu ir kuo kiekvienas gali naudotis. Pakvieskite kolegą ir nusiųskite jam nuorodą.
perm-billing = Atsiskaitymai
perm-documents = Dokumentai
perm-client-admin = Įmonės administratorius
no-access = Prieigos nėra
access = Gali naudotis
change-access = Keisti prieigą
change-access-named = Keisti prieigą: { $name }
save-access = Išsaugoti prieigą
reset-two-factor = Iš naujo nustatyti dviejų etapų prisijungimą
reset-two-factor-named = Išjungti dviejų etapų prisijungimą (pamestas telefonas): { $name }
team-title = Jūsų komanda
nav-team = Komanda
nav-settings = Nustatymai
err-throttled = { $seconds ->
    [one] Per daug bandymų. Bandykite dar kartą po { $seconds } sekundės.
    [few] Per daug bandymų. Bandykite dar kartą po { $seconds } sekundžių.
    [many] Per daug bandymų. Bandykite dar kartą po { $seconds } sekundės.
   *[other] Per daug bandymų. Bandykite dar kartą po { $seconds } sekundžių.
}
code-or-recovery-field = Kodas iš autentifikavimo programėlės
code-or-recovery-hint = Pametėte telefoną? Vietoj kodo įveskite vieną iš atkūrimo kodų.
two-factor-required-title = Nustatykite dviejų etapų prisijungimą
two-factor-required-intro = Firma reikalauja, kad visi naudotų dviejų etapų prisijungimą. Nustatykite jį dabar naudodami autentifikavimo programėlę telefone – tai užtruks minutę.
two-factor-start-hint = Norėdami pradėti, įveskite slaptažodį. Jums reikės autentifikavimo programėlės (pavyzdžiui, „Google Authenticator“, „Microsoft Authenticator“ arba „1Password“).
recovery-codes-hint = Jūsų atkūrimo kodai. Jei pamestumėte telefoną, kiekvieną jų galėsite vieną kartą panaudoti vietoj programėlės kodo. Laikykite juos saugioje vietoje: jie rodomi tik dabar.
continue = Tęsti
new-recovery-codes = Atkūrimo kodai
make-new-codes = Sukurti naujus atkūrimo kodus
sessions-title = Kur esate prisijungę
sessions-intro = Visos naršyklės, kuriose prisijungta prie jūsų paskyros. Baikite seansus, kurių neatpažįstate arba kurių nebenaudojate.
unknown-browser = Nežinoma naršyklė
this-browser = Ši naršyklė
end-session = Baigti
end-session-named = Baigti seansą naršyklėje { $browser }
end-this-session-named = Atsijungti šioje naršyklėje ({ $browser })
browser = Naršyklė
signed-in-at = Prisijungta
settings-title = Nustatymai
two-factor-policy-intro = Kai dviejų etapų prisijungimas privalomas, visų, kuriems jis taikomas ir kurie jo dar nenustatė, iškart įvedus slaptažodį bus paprašyta jį nustatyti.
require-for-staff = Reikalauti, kad darbuotojai naudotų dviejų etapų prisijungimą
require-for-clients = Reikalauti, kad klientų naudotojai naudotų dviejų etapų prisijungimą
save-settings = Išsaugoti nustatymus
error-forbidden-body = Jei jums reikia prieigos, kreipkitės į savo įmonės administratorių arba į firmą.
err-two-factor-required = Firma reikalauja naudoti dviejų etapų prisijungimą, todėl jo išjungti negalima.
err-two-factor-off = Dviejų etapų prisijungimas neįjungtas.
err-not-yourself = Negalite keisti savo prieigos ar išjungti savo paskyros.
err-too-large-number = Skaičius per didelis.
err-too-many-lines = Sąskaitoje faktūroje gali būti ne daugiau kaip 200 eilučių.
err-total-too-large = Sąskaitos faktūros bendra suma per didelė.
err-unknown-reference = Susietas įrašas neegzistuoja (arba jau pašalintas).
err-not-allowed = Ši reikšmė neleidžiama.
forgot-link = Pamiršote slaptažodį?
forgot-title = Pamirštas slaptažodis
forgot-intro = Įveskite el. pašto adresą, kuriuo prisijungiate. Jei jis susietas su paskyra, juo atsiųsime nuorodą naujam slaptažodžiui nustatyti. Nuoroda galioja 30 minučių.
send-reset-link = Siųsti nuorodą
reset-link-sent = Jei šis adresas susietas su paskyra, nuoroda naujam slaptažodžiui nustatyti jau siunčiama. Patikrinkite gautų laiškų aplanką, o jei po kelių minučių laiško ten nerasite – ir šlamšto aplanką.
back-to-sign-in = Atgal į prisijungimą
reset-title = Nustatykite naują slaptažodį
reset-intro = Sukurkite naują paskyros { $email } slaptažodį. Jį nustačius būsite atjungti visuose kituose įrenginiuose.
reset-invalid-title = Ši nuoroda neveikia
reset-invalid-hint = Galbūt ji jau panaudota, pakeista naujesne arba jos galiojimas baigėsi: nuorodos galioja 30 minučių. Paprašykite naujos.
ask-new-link = Paprašyti naujos nuorodos
mail-prefs-title = El. laiškai
mail-prefs-intro = Pasirinkite, kokius el. laiškus norite gauti. Laiškai apie paskyros saugumą, pavyzdžiui, slaptažodžio atkūrimo nuorodos, siunčiami visada.
mail-invoice-issued = Naujos sąskaitos faktūros
mail-payment-received = Mokėjimų patvirtinimai
mail-invoice-reminder = Priminimai prieš sąskaitos faktūros mokėjimo terminą ir jam praėjus
mail-document-shared = Nauji dokumentai
mail-document-requested = Dokumentų užklausos
mail-request-reminder = Priminimai apie prašomus dokumentus
mail-staff-digest = Dienos suvestinė: klientų įkelti dokumentai, įvykdytos dokumentų užklausos ir mokėjimai
save-mail-prefs = Išsaugoti el. laiškų pasirinkimus
mail-prefs-saved = Jūsų el. laiškų pasirinkimai išsaugoti.
undelivered-title = Nepristatyti el. laiškai
undelivered-intro = Šio kliento naudotojams siųsti laiškai, kuriuos pašto serveris atmetė arba kuriuos vis dar bandoma išsiųsti.
mail-to = Gavėjas
mail-subject = Tema
mail-problem = Problema
mail-refused = Atmesta
mail-retrying = Bandoma dar kartą (bandymas Nr. { $n })
reminders-title = Priminimai
reminder-sent-line = Priminimas išsiųstas { $when }, { $date }
reminders-none = Dėl šios sąskaitos faktūros priminimų nesiųsta.
step-before = { $days ->
    [one] likus { $days } dienai iki termino
    [few] likus { $days } dienoms iki termino
    [many] likus { $days } dienos iki termino
   *[other] likus { $days } dienų iki termino
}
step-before-one = likus 1 dienai iki termino
step-on-due = termino dieną
step-after = { $days ->
    [one] praėjus { $days } dienai po termino
    [few] praėjus { $days } dienoms po termino
    [many] praėjus { $days } dienos po termino
   *[other] praėjus { $days } dienų po termino
}
step-after-one = praėjus 1 dienai po termino
reminder-schedule-intro = Dienos, skaičiuojant nuo termino, kuriomis klientams siunčiami priminimai: neigiamas skaičius reiškia dienas iki termino, 0 – termino dieną. Skaičius atskirkite kableliais; jei priminimų siųsti nereikia, palikite lauką tuščią. Kiekvienas priminimas siunčiamas vieną kartą ir nebesiunčiamas, kai sąskaita faktūra apmokama ar anuliuojama arba dokumentų užklausa įvykdoma.
reminder-invoice-field = Neapmokėtos sąskaitos faktūros
reminder-request-field = Neįvykdytos dokumentų užklausos
save-schedule = Išsaugoti priminimus
schedule-saved = Priminimai išsaugoti.
err-invalid-steps = Naudokite sveikuosius dienų skaičius nuo -365 iki 365, atskirtus kableliais (ne daugiau kaip 8).
this-is-you = Jūs
ip-address = IP adresas
act-access-denied = Prieiga neleista
act-auth-login-succeeded = Prisijungė
act-auth-login-failed = Nepavyko prisijungti
act-auth-logout = Atsijungė
act-auth-session-expired = Seansas baigėsi
act-auth-password-changed = Pakeitė slaptažodį
act-auth2fa-enabled = Įjungė dviejų etapų prisijungimą
act-auth2fa-disabled = Išjungė dviejų etapų prisijungimą
act-auth2fa-reset = Iš naujo nustatė dviejų etapų prisijungimą
act-auth-recovery-code-used = Prisijungė su atkūrimo kodu
act-auth-recovery-codes-renewed = Sukūrė naujus atkūrimo kodus
act-auth-session-ended = Baigė seansą
act-auth-throttled = Per daug bandymų: veiksmai sulėtinti
act-auth-reset-requested = Paprašė slaptažodžio atkūrimo nuorodos
act-auth-reset-completed = Nustatė naują slaptažodį pagal atkūrimo nuorodą
act-settings-updated = Pakeitė nustatymus
act-profile-updated = Atnaujino profilį
act-invoice-list-viewed = Peržiūrėjo sąskaitų faktūrų sąrašą
act-invoice-viewed = Peržiūrėjo sąskaitą faktūrą
act-invoice-pdf-downloaded = Atsisiuntė sąskaitos faktūros PDF
act-invoice-created = Sukūrė sąskaitos faktūros juodraštį
act-invoice-updated = Redagavo sąskaitos faktūros juodraštį
act-invoice-issued = Išrašė sąskaitą faktūrą
act-invoice-voided = Anuliavo sąskaitą faktūrą
act-payment-recorded = Užregistravo mokėjimą
act-payment-refunded = Užregistravo grąžinimą
act-statement-viewed = Peržiūrėjo išrašą
act-statement-downloaded = Atsisiuntė išrašą
act-document-list-viewed = Peržiūrėjo dokumentų sąrašą
act-document-viewed = Atidarė dokumentą
act-document-previewed = Peržiūrėjo dokumentą
act-document-downloaded = Atsisiuntė dokumentą
act-document-uploaded = Įkėlė dokumentą
act-document-deleted = Ištrynė dokumentą
act-document-restored = Atkūrė dokumentą
act-document-request-created = Sukūrė dokumentų užklausą
act-document-request-fulfilled = Įvykdė dokumentų užklausą
act-client-created = Sukūrė klientą
act-client-updated = Redagavo kliento duomenis
act-user-created = Sukūrė naudotoją
act-user-invited = Pakvietė naudotoją
act-user-invite-renewed = Sukūrė naują kvietimo nuorodą
act-user-invite-accepted = Priėmė kvietimą
act-user-updated = Pakeitė naudotojo duomenis
act-user-disabled = Išjungė naudotoją
act-user-enabled = Vėl įjungė naudotoją
act-audit-exported = Eksportavo audito žurnalą
act-audit-retired = Pašalino senus audito įvykius
act-user-mail-preferences = Pakeitė el. laiškų nuostatas
act-settings-reminders = Pakeitė priminimų grafiką
act-invoice-reminder-sent = Išsiuntė priminimą apie sąskaitą faktūrą
act-request-reminder-sent = Išsiuntė priminimą apie dokumentų užklausą
act-audit-event-rejected = Audito įvykis atmestas
act-group-auth = Prisijungimai ir atsijungimai
act-group-invoice = Sąskaitos faktūros
act-group-payment = Mokėjimai
act-group-statement = Išrašai
act-group-documents = Dokumentai ir užklausos
act-group-access-denied = Prieiga neleista
act-group-audit = Audito žurnalas
act-group-client = Klientai
act-group-user = Naudotojai
act-group-settings = Nustatymai

ago-just-now = ką tik
ago-minutes = { $n ->
    [one] prieš { $n } minutę
    [few] prieš { $n } minutes
    [many] prieš { $n } minutės
   *[other] prieš { $n } minučių
}
ago-hours = { $n ->
    [one] prieš { $n } valandą
    [few] prieš { $n } valandas
    [many] prieš { $n } valandos
   *[other] prieš { $n } valandų
}
ago-days = { $n ->
    [one] prieš { $n } dieną
    [few] prieš { $n } dienas
    [many] prieš { $n } dienos
   *[other] prieš { $n } dienų
}

folder-contracts = Sutartys
folder-tax-forms = Mokesčių deklaracijos
folder-reports = Ataskaitos
folder-correspondence = Susirašinėjimas
folder-from-client = Kliento atsiųsti
language-field = Kalba
language-automatic = Automatiškai (naršyklės kalba, kitaip – firmos pasirinkta)
language-switch = Pasirinkite kalbą
default-language-title = Portalo kalba
default-language-intro = Kalba žmonėms, kurie jos nepasirinko ir kurių naršyklė neprašo nė vienos iš šių kalbų.
bank-transfer = Banko pavedimas
browser-on-system = { $browser }, { $system }

## Mail
email-hello = Laba diena, { $name },
email-signature = { $firm }
email-why-you-get-this = Šį laišką gaunate, nes naudojatės klientų portalu, kurį teikia { $firm }.
email-change-preferences = Pasirinkite, kokius laiškus gauti
email-unsubscribe = Nebegauti tokių laiškų
email-invitation-subject = { $firm } kviečia jus į klientų portalą
email-invitation-body = { $firm } sukūrė jums klientų portalo paskyrą (klientas: { $client }). Čia bet kuriuo paros metu rasite savo dokumentus, sąskaitas faktūras ir mokėjimus vienoje vietoje. Norėdami pradėti, nustatykite slaptažodį.
email-invitation-action = Nustatyti slaptažodį
email-invitation-expiry = Nuoroda veikia vieną kartą, iki { $date }. Jei jos galiojimas baigėsi, paprašykite naujos – ją atsiųs { $firm }.
email-reset-subject = Naujo slaptažodžio nustatymas klientų portale ({ $firm })
email-reset-body = Kažkas (tikimės, kad jūs) paprašė nustatyti naują jūsų paskyros slaptažodį. Atidarykite nuorodą ir susikurkite naują slaptažodį; tai atjungs jus visuose kituose įrenginiuose.
email-reset-action = Nustatyti naują slaptažodį
email-reset-expiry = Nuoroda veikia vieną kartą ir galioja 30 minučių.
email-reset-not-you = Jei to neprašėte, šio laiško nepaisykite: jūsų slaptažodis liks nepakeistas.
email-invoice-issued-subject = { $firm }: nauja sąskaita faktūra Nr. { $number }
email-invoice-issued-body = { $firm } išrašė sąskaitą faktūrą Nr. { $number } (klientas: { $client }).
email-view-invoice = Peržiūrėti sąskaitą faktūrą
email-amount-due = Mokėtina suma
email-due-on = Mokėjimo terminas
email-payment-subject = Gautas mokėjimas pagal sąskaitą faktūrą Nr. { $number }
email-payment-body = Dėkojame: { $firm } gavo jūsų mokėjimą pagal sąskaitą faktūrą Nr. { $number }.
email-paid = Sumokėta
email-paid-on = Mokėjimo data
email-remaining = Liko sumokėti pagal šią sąskaitą faktūrą
email-paid-in-full = Sąskaita faktūra Nr. { $number } visiškai apmokėta.
email-reminder-before-subject = Sąskaitą faktūrą Nr. { $number } reikia apmokėti iki { $date }
email-reminder-due-subject = Sąskaitos faktūros Nr. { $number } mokėjimo terminas – šiandien
email-reminder-after-subject = Sąskaita faktūra Nr. { $number } pradelsta
email-reminder-before-body = { $days ->
    [one] Maloniai primename: sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas – po { $days } dienos. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
    [few] Maloniai primename: sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas – po { $days } dienų. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
    [many] Maloniai primename: sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas – po { $days } dienos. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
   *[other] Maloniai primename: sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas – po { $days } dienų. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
}
email-reminder-due-body = Maloniai primename: šiandien baigiasi sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
email-reminder-after-body = { $days ->
    [one] Sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas baigėsi prieš { $days } dieną, tačiau ji vis dar neapmokėta. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
    [few] Sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas baigėsi prieš { $days } dienas, tačiau ji vis dar neapmokėta. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
    [many] Sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas baigėsi prieš { $days } dienos, tačiau ji vis dar neapmokėta. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
   *[other] Sąskaitos faktūros Nr. { $number }, kurią išrašė { $firm }, mokėjimo terminas baigėsi prieš { $days } dienų, tačiau ji vis dar neapmokėta. Jei jau sumokėjote, dėkojame – šio laiško nepaisykite.
}
email-document-subject = { $firm } pasidalijo nauju dokumentu: { $title }
email-document-body = { $firm } pasidalijo su jumis dokumentu: { $title }. Klientas: { $client }.
email-view-document = Atidaryti dokumentą
email-request-subject = { $firm } prašo jūsų pateikti dokumentą: { $title }
email-request-body = { $firm } prašo pateikti dokumentą: { $title }. Klientas: { $client }.
email-request-due = Reikia pateikti iki
email-upload-action = Siųsti dokumentą
email-request-reminder-subject = Priminimas: { $firm } vis dar laukia dokumento: { $title }
email-request-reminder-body = Maloniai primename: { $firm } vis dar laukia dokumento: { $title }. Klientas: { $client }. Pateikti reikia iki { $date }.
email-digest-subject = Klientų veikla portale { $date } ({ $firm })
email-digest-body = Kas vyko portale per pastarąsias 24 valandas:
email-digest-uploads = Klientų įkelti dokumentai
email-digest-fulfilled = Įvykdytos dokumentų užklausos
email-digest-payments = Gauti mokėjimai
email-open-activity = Atidaryti veiklos žurnalą
email-unsubscribe-title = Nebesiųsti šių laiškų
email-unsubscribe-question = Nebesiųsti jums šių laiškų: { $what }? Saugumo laiškai, pavyzdžiui, slaptažodžio atkūrimo nuorodos, vis tiek bus siunčiami.
email-unsubscribe-all = Geriau pasirinkti visus savo laiškus
email-unsubscribed-title = Šių laiškų nebegausite
email-unsubscribed-body = Šių laiškų jums nebesiųsime: { $what }. Vėl juos įjungti galite savo paskyros puslapyje.
email-link-invalid-title = Ši nuoroda neveikia
email-link-invalid-body = Kokius laiškus gauti, pasirinkite savo paskyros puslapyje.
email-mail-choices = Laiškų nustatymai
