"""A labelled benchmark corpus: transcript turns about known bottlenecks.

Unlike :mod:`benchmarks.synthetic` (which only has the shape of real
transcripts), every turn here knows its truth: it was written about zero, one
or two of the eight bottlenecks ("Knelpunten") of the project's codebook. That
makes the corpus usable for accuracy and clustering benchmarks, not only for
timing.

Not a keyword lookup, by construction:

* each bottleneck has 40-odd sentence templates from different perspectives
  (parent, young person, care worker, teacher, policy adviser), with inline
  alternatives (``[a|b|c]``) and slots (``{prof}``, ``{inst}``, ``{tijd}``,
  ``{plek}``, ``{kind}``) whose fillers all bottlenecks share;
* a turn mixes one to three fragments with spoken-style openers, half
  sentences, neutral side remarks and background remarks ("dat was nog voor de
  uithuisplaatsing") that name other bottlenecks' topics without being about them;
* neutral turns (questions of the gespreksleider, agreement, logistics,
  biography, good experiences) reuse the domain words, and some are near misses
  ("we hoefden gelukkig niet lang te wachten");
* some labelled turns are echoes ("bij ons precies zo") that carry the label of
  the turn before them: only the context tells which bottleneck they are about,
  as in real coding.

With the defaults (50 documents of 100 turns), word 1-2-gram TF-IDF and one
logistic regression per bottleneck, cross-validated by document, reach a micro
F1 of about 0.8 at threshold 0.5 and about 0.89 with thresholds tuned per code.

The text is invented; names and events are fictional. Standard library only,
deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

BOTTLENECKS: list[str] = [
    "Communicatie tussen hulpverleners",
    "Regie bij ouders en jongeren",
    "Wachttijden",
    "Werkdruk en personeelsverloop",
    "Doorverwijzen en doorschuiven (telkens opnieuw je verhaal vertellen)",
    "Problemen van ouders (schulden, ggz, wonen)",
    "Veiligheid en uithuisplaatsing",
    "Aansluiting onderwijs en zorg",
]

MIN_WORDS = 10
MAX_WORDS = 70
MAX_SENTENCES = 4
BACKGROUND_SHARE = 0.4
ECHO_SHARE = 0.4  # of the single-label turns that follow a labelled turn
NEAR_MISS_SHARE = 0.5  # of the neutral participant turns
VAGUE = 4  # the last templates of each bottleneck are short and vague


@dataclass(frozen=True)
class LabelledTurn:
    """One speaker turn with the bottlenecks it is about (empty: neutral)."""

    speaker: str
    text: str
    labels: frozenset[str]


# --------------------------------------------------------------------------
# Speakers. Perspectives: O ouder, J jongere, P hulpverlener, L school,
# B beleid. A template's perspective string lists who can say it; "*" anyone.

LEADER = "Gespreksleider"
ROLES: dict[str, list[str]] = {
    "O": ["Moeder", "Vader", "Pleegmoeder", "Ouder"],
    "J": ["Jongere"],
    "P": ["Buurtteammedewerker", "Jeugdhulpverlener", "Gezinsvoogd", "Wijkcoach", "Jeugdconsulent"],
    "L": ["Leerkracht", "Mentor"],
    "B": ["Beleidsmedewerker"],
}
PERSPECTIVE_WEIGHTS = {"O": 4, "J": 2, "P": 3, "L": 1.5, "B": 1}

# fmt: off
# Word lists and templates below are data tables, kept one entry a line.

# --------------------------------------------------------------------------
# Slot fillers, shared by every bottleneck and by the neutral turns.

SLOTS: dict[str, list[str]] = {
    "prof": [
        "de jeugdarts",
        "de mentor",
        "de gezinsvoogd",
        "de huisarts",
        "de specialist",
        "de ggz-behandelaar",
        "de buurtteammedewerker",
        "de leerplichtambtenaar",
        "iemand van het wijkteam",
        "de jeugdconsulent",
        "de psycholoog",
        "de gezinscoach",
    ],
    "inst": [
        "het buurtteam",
        "het wijkteam",
        "de ggz",
        "Veilig Thuis",
        "de gemeente",
        "het Wmo-loket",
        "de jeugdbescherming",
        "de huisarts",
        "de GGD",
        "het maatschappelijk werk",
        "de school",
        "de jeugdarts",
    ],
    "tijd": [
        "drie maanden",
        "vier maanden",
        "een half jaar",
        "bijna een jaar",
        "acht weken",
        "zes weken",
        "ruim een jaar",
        "anderhalf jaar",
        "vijf maanden",
        "negen maanden",
        "tien weken",
    ],
    "jaren": ["drie jaar", "vijf jaar", "twaalf jaar", "acht jaar", "twintig jaar", "zes jaar"],
    "plek": [
        "Overvecht",
        "Kanaleneiland",
        "Zuilen",
        "Leidsche Rijn",
        "Lombok",
        "Hoograven",
        "Ondiep",
        "Vleuten",
        "Lunetten",
        "Tuindorp",
        "Oog in Al",
        "Transwijk",
        "Wittevrouwen",
        "De Meern",
    ],
    "kind": [
        "mijn zoon",
        "mijn dochter",
        "onze jongste",
        "onze oudste",
        "ons kind",
        "mijn middelste",
    ],
    "naam": ["Ineke", "Samira", "Petra", "Fatma", "Linda", "Marloes", "Yasmina", "Henk", "Ruud", "Karim"],
}

# Sentence starts kept capitalised after an opener ("Nou, Veilig Thuis ...").
_PROPER = tuple(
    sorted(
        {value for values in SLOTS.values() for value in values if value[:1].isupper()}
        | {"Veilig Thuis", "Wmo", "GGD", "Raad voor", "ADHD", "PTSS", "ICT"},
        key=len,
        reverse=True,
    )
)

# --------------------------------------------------------------------------
# Bottleneck templates: (perspectives, text).

T = tuple[str, str]

COMMUNICATIE: list[T] = [
    ("OJ", "[Iedereen|Elke hulpverlener] deed zijn eigen ding en niemand wist wat de ander [deed|had afgesproken]."),
    ("O", "{Prof} zei precies het tegenovergestelde van wat {prof2} ons een week eerder had geadviseerd."),
    ("O", "Ik had op een gegeven moment [vier|vijf|zes] hulpverleners om me heen en die hadden elkaar nog nooit gesproken."),
    ("O", "Het verslag van {inst} is gewoon nooit bij {inst2} aangekomen."),
    ("OJ", "Ik moest zelf alle berichten doorgeven, alsof ik de secretaresse was van al die [instanties|hulpverleners]."),
    ("J", "De een zei dat ik medicijnen moest, de ander zei juist van niet. [Ja, wie moet je dan geloven?|Snap je het nog?]"),
    ("P", "Wij weten vaak niet eens dat er al [iemand van de ggz|een gezinsvoogd|een ambulant begeleider] in het gezin zit."),
    ("P", "Ik [mag|kan] vanwege de privacyregels niet zomaar informatie delen met {prof}, dus je werkt langs elkaar heen."),
    ("P", "Er zitten soms [zes|zeven|acht] partijen bij één gezin en er is geen [gezamenlijk plan|één plan|regisseur]."),
    ("PB", "Het overleg tussen de wijkteams en de specialistische aanbieders [komt gewoon niet van de grond|loopt heel stroef]."),
    ("B", "We zien in de dossiers dat partijen dubbel werk doen omdat niemand van elkaar weet wat er al loopt."),
    ("O", "Het ene telefoontje was met {prof}, het volgende met {prof2}, en ze wisten allebei niet wat de ander had gezegd."),
    ("O", "Dan zat ik bij de huisarts en die had [geen idee|geen flauw idee] dat we al [maanden|een jaar] bij het buurtteam liepen."),
    ("OJ", "Ze zaten allemaal op hun eigen eilandje."),
    ("OJ", "Niemand had het overzicht, [iedereen|elke instantie] had een stukje van het verhaal."),
    ("P", "Een collega van de ggz had al een diagnose gesteld, maar dat hoorde ik pas [drie maanden later|bij toeval|via de moeder]."),
    ("P", "Je belt, je mailt, en je krijgt gewoon geen terugkoppeling van {inst}."),
    ("O", "{Prof} had een heel ander beeld van {kind} dan {prof2}, en die twee hebben dat nooit samen besproken."),
    ("OJ", "Afspraken die met de een gemaakt waren, kende de ander gewoon niet."),
    ("J", "Mijn begeleider en mijn behandelaar [spraken elkaar echt nooit|hadden geen contact], dat merkte je aan alles."),
    ("P", "Er is geen systeem waarin we allemaal kunnen zien wie er betrokken is."),
    ("B", "Elke aanbieder heeft zijn eigen registratiesysteem en die [praten|koppelen] niet met elkaar."),
    ("O", "Ik kreeg twee verschillende adviezen over de [opvoeding|slaap|medicatie] en die spraken elkaar gewoon tegen."),
    ("O", "Op een gegeven moment heb ik zelf maar een groepsapp gemaakt met alle hulpverleners erin."),
    ("P", "Het multidisciplinair overleg wordt [steeds uitgesteld|telkens verzet|vaak afgezegd], dus iedereen gaat maar zijn eigen gang."),
    ("P", "Soms hoor ik van de ouders zelf wat {prof} heeft geadviseerd, en dat is dan precies iets anders dan wat wij doen."),
    ("*", "De samenwerking tussen al die partijen, daar schort het echt aan."),
    ("*", "Niemand [stemde|stemt] iets af met de ander, [echt niemand|nul afstemming]."),
    ("*", "Er [was|is] geen regie, geen overleg, [alles los van elkaar|ieder voor zich]."),
    ("L", "Wij als school [zagen|zien] dat er drie verschillende hulpverleners met hetzelfde kind bezig waren, zonder dat ze dat van elkaar wisten."),
    ("O", "De psycholoog schreef iets in het verslag wat [de gezinscoach|het wijkteam] nooit te zien kreeg."),
    ("J", "Ik moest [steeds|telkens] zelf uitleggen wat de andere hulpverlener had gezegd, want ze belden elkaar nooit."),
    ("P", "Ik ontdekte pas [bij de evaluatie|na een half jaar|achteraf] dat {inst} parallel een traject was gestart."),
    ("B", "Er zijn [tig|veel te veel] overlegtafels, maar de informatie komt niet bij de mensen die het werk doen."),
    ("O", "Het leek wel of {inst} en {inst2} op verschillende planeten werkten."),
    ("O", "Ze hadden het allemaal over hetzelfde kind, maar [ieder met een ander plan|met totaal verschillende plannen]."),
    ("P", "De huisarts verwijst, maar wij krijgen [geen brief|niks|geen enkele informatie] mee over wat er al gedaan is."),
    ("OJ", "Er waren zoveel mensen betrokken dat ik op het laatst niet meer wist wie waarvoor was."),
    ("P", "We zitten met [vijf|zes] professionals rond één gezin en het gezin is de enige die het hele plaatje kent."),
    ("*", "Het ene loket [weet niet wat het andere doet|heeft geen idee wat het andere loket doet]."),
    ("J", "De één zei dat ik naar school moest, de ander dat ik eerst moest [rusten|bijkomen], en dat hebben ze nooit [samen|onderling] opgelost."),
    ("O", "{Prof} beloofde contact op te nemen met {prof2}, maar dat is [nooit gebeurd|er nooit van gekomen]."),
    ("P", "Als je elkaar niet kent, bel je elkaar ook niet, zo simpel is het eigenlijk."),
    ("B", "Het ontbreekt aan een gedeelde werkwijze tussen de aanbieders in {plek}."),
    ("*", "Iedereen hield zijn [eigen dossier|eigen verslagen] bij, en niemand deelde iets."),
    ("*", "En dan hoorde je van de een iets anders dan van de ander."),
    ("OJ", "Ik was eigenlijk het doorgeefluik, zo voelde het."),
    ("*", "Die wisten gewoon niet van elkaar [wat ze deden|dat ze er allebei waren]."),
    ("OJ", "Twee mensen, twee verhalen, [en ik ertussen|en wij er middenin]."),
]

REGIE: list[T] = [
    ("O", "Er werd [over ons|over mijn kind] beslist zonder dat wij erbij waren."),
    ("O", "Ik had het gevoel dat ik niks meer te zeggen had over mijn eigen gezin."),
    ("J", "Niemand vroeg wat ík eigenlijk wilde, het was allemaal al geregeld."),
    ("J", "Ze praatten over mij alsof ik er niet bij zat."),
    ("O", "Het plan was al klaar toen wij [binnenkwamen|aan tafel kwamen], we mochten alleen nog tekenen."),
    ("O", "{Prof} wist het allemaal beter, wat ik zei deed er niet toe."),
    ("OJ", "Ik werd gewoon niet gehoord, [hoe vaak ik het ook zei|wat ik ook zei]."),
    ("J", "Ik ben [zestien|zeventien|vijftien], ik kan toch zelf wel aangeven wat ik nodig heb?"),
    ("O", "Ze namen het gewoon over, [mijn man en ik|wij als ouders] stonden erbuiten."),
    ("P", "Wij hulpverleners hebben de neiging om het over te nemen, terwijl ouders het heel goed zelf kunnen."),
    ("P", "Eerlijk gezegd vullen we het [plan|ondersteuningsplan] vaak in voordat we het gezin echt gesproken hebben."),
    ("P", "Je moet het gezin aan het stuur laten, maar [in de praktijk|met die tijdsdruk] lukt dat niet altijd."),
    ("B", "We zeggen dat we de cliënt centraal zetten, maar [in de praktijk|uiteindelijk] beslist de professional."),
    ("O", "Ik mocht niet eens kiezen [welke hulpverlener|wie] we kregen."),
    ("J", "Toen ik nee zei tegen die behandeling, werd dat [opgeschreven als|gezien als] weerstand."),
    ("O", "Als je als moeder iets terugzegt, ben je meteen de lastige ouder."),
    ("O", "Ze vroegen niet wat wij zelf al geprobeerd hadden, ze begonnen meteen met hun eigen aanpak."),
    ("OJ", "Er werd heel veel voor ons ingevuld."),
    ("J", "Het was míjn hulptraject, maar ik had er het minst over te zeggen."),
    ("O", "Bij het keukentafelgesprek zat ik erbij, maar eigenlijk was [alles al beslist|het besluit al genomen]."),
    ("P", "Een jongere van [zestien|zeventien] moet echt mee kunnen beslissen, anders haakt die gewoon af."),
    ("O", "{Prof} had al een indicatie aangevraagd zonder het met ons te overleggen."),
    ("J", "Ze wilden me naar een [dagbehandeling|groep] sturen, maar niemand vroeg of ik dat zag zitten."),
    ("*", "Ouders moeten [zelf|weer zelf] de regie kunnen houden, dat is het belangrijkste."),
    ("*", "Je wordt [zo klein gemaakt|zo weggezet] als je geen stem hebt in je eigen traject."),
    ("O", "Ik ken mijn kind het best, maar dat werd [gewoon weggewuifd|niet serieus genomen]."),
    ("P", "We luisteren [te weinig|soms te weinig] naar wat de jongere zelf als doel heeft."),
    ("L", "Ook vanuit school merken we dat ouders [buitenspel worden gezet|niet gehoord worden] in die overleggen."),
    ("B", "In de verordening staat eigen regie, maar de systemen zijn daar niet op ingericht."),
    ("O", "Ik wilde gewoon meedenken over de doelen, maar die waren [al opgesteld|al vastgelegd] door {inst}."),
    ("J", "Mijn mening telde pas toen ik [achttien|meerderjarig] werd."),
    ("OJ", "[Ik moest|We moesten] maar doen wat {prof} zei, anders zou het [slecht aflopen|problemen geven]."),
    ("O", "In het verslag stond een heel ander verhaal dan wat ik had verteld, en daar kon ik niks meer aan veranderen."),
    ("P", "Soms schrijf ik dingen in het plan die het gezin zelf nooit zo zou verwoorden, dat besef ik wel."),
    ("O", "Er werd ons niet uitgelegd waarom, het was gewoon: zo gaat het."),
    ("J", "Ik voelde me [een dossiernummer|een nummer|een project], niet iemand die mee mocht praten."),
    ("*", "Het gaat om óns leven, dan wil je toch zelf aan tafel zitten?"),
    ("P", "Bij een familiegroepsplan zie je hoeveel ouders zelf kunnen als je ze de ruimte geeft, maar dat doen we [te weinig|veel te weinig]."),
    ("O", "We werden overal achteraf over ingelicht, nooit vooraf."),
    ("J", "Ik zei dat ik het anders wilde, en [toen kreeg ik te horen|toen zeiden ze]: dat bepalen wij."),
    ("B", "Gezinnen moeten meer zeggenschap krijgen over het budget en de keuze van aanbieder."),
    ("O", "Ik had een duidelijk idee wat mijn dochter nodig had, maar [dat paste niet in hun aanbod|daar werd niks mee gedaan]."),
    ("OJ", "En wij? Wij zaten er maar een beetje bij."),
    ("*", "Het ging óver ons, niet mét ons."),
    ("OJ", "Alsof ik [zelf niks kon|een klein kind was], zo werd er met me omgegaan."),
    ("O", "Ik dacht: ik ben toch de moeder, [of niet soms?|of hoe zit dat?]"),
]

WACHTTIJDEN: list[T] = [
    ("O", "We stonden [{tijd}|{tijd} lang] op de wachtlijst [voor de ggz|bij de specialist|voor een intake]."),
    ("O", "Na de aanmelding hoorden we [{tijd}|gewoon {tijd}] helemaal niks."),
    ("OJ", "In de tussentijd kregen we [geen enkele hulp|niks, helemaal niks]."),
    ("J", "Ik moest [{tijd}|echt {tijd}] wachten voordat ik met iemand kon praten, en toen ging het al veel slechter."),
    ("O", "De intake was snel, maar daarna begon het echte wachten."),
    ("O", "Ze zeiden: u staat erop, [we bellen u|u hoort van ons]. Dat was in [maart|januari|het voorjaar]."),
    ("P", "De wachttijd voor [specialistische jeugdhulp|een diagnostisch onderzoek|de kinder- en jeugdpsychiatrie] is in de regio opgelopen tot {tijd}."),
    ("P", "Wij moeten gezinnen [overbruggingszorg|tijdelijk iets] bieden terwijl ze wachten, maar daar zijn we eigenlijk niet voor."),
    ("P", "Ik moet ouders [elke week|steeds] vertellen dat ik ook niet weet wanneer ze aan de beurt zijn."),
    ("B", "De wachtlijsten bij de [aanbieders|ggz-instellingen] zijn het grootste probleem dat we [nu|op dit moment] zien."),
    ("O", "Toen eindelijk de brief kwam dat we aan de beurt waren, was {kind} al van school [gegaan|gehaald]."),
    ("J", "Tegen de tijd dat ik aan de beurt was, wilde ik eigenlijk al niet meer."),
    ("O", "Elke keer als ik belde was het: u staat nog op de lijst, nog even geduld."),
    ("OJ", "Dat wachten, dat maakte alles [erger|alleen maar erger]."),
    ("O", "Het voelde alsof ons leven {tijd} op pauze stond."),
    ("P", "Bij crisis gaat het snel, maar als je net onder die grens zit, wacht je [maanden|eindeloos]."),
    ("O", "We kregen een lijst met [aanbieders|praktijken] mee om zelf te bellen, en overal was het vol."),
    ("O", "Zes weken, zeiden ze. Het werden er [twintig|zesentwintig|meer dan dertig]."),
    ("J", "Ik zat [thuis|op mijn kamer] te wachten tot er iets gebeurde, maar er gebeurde niks."),
    ("P", "Sommige kinderen staan op [drie|twee] wachtlijsten tegelijk omdat ouders [hopen dat er ergens wat vrijkomt|zich overal inschrijven]."),
    ("B", "De gemiddelde doorlooptijd van aanmelding tot start behandeling is [fors|flink] gestegen."),
    ("*", "Het duurt allemaal [veel te lang|gewoon te lang|eindeloos], voordat er [echt|eindelijk] iets gebeurt."),
    ("O", "{Prof} zei dat het urgent was, maar er was [nergens plek|geen plek] de eerste {tijd}."),
    ("O", "Een kind van acht kan toch niet [{tijd}|een jaar] wachten op hulp?"),
    ("P", "Ik heb gezinnen in mijn caseload die al [{tijd}|sinds vorig jaar] wachten op een plek."),
    ("O", "We zijn uiteindelijk maar particulier gegaan, omdat we niet langer konden wachten."),
    ("J", "Je wordt aangemeld en dan hoor je [gewoon niks|maandenlang niks]."),
    ("OJ", "De aanmelding ging [wel snel|vlot], het begin van de hulp [niet|allerminst]."),
    ("O", "Ondertussen ging het thuis [steeds slechter|van kwaad tot erger]."),
    ("P", "Die [periode tussen aanmelding en start|wachttijd] is precies het moment waarop het misgaat."),
    ("B", "We hebben extra budget vrijgemaakt om de wachtlijsten [weg te werken|terug te dringen], maar dat lukt [nog niet|maar mondjesmaat]."),
    ("O", "Ik heb [{tijd}|al die maanden] elke week gebeld of er al plek was."),
    ("J", "Ik kreeg een [brief|mail] dat ik [op de wachtlijst stond|was aangemeld], en daarna bleef het stil."),
    ("*", "Je staat [op een lijst|ergens onderaan een lijst] en verder [weet je niks|gebeurt er niks]."),
    ("O", "De [logopedist|psycholoog|kinderpsychiater] had pas plek [na de zomer|over een half jaar|volgend jaar]."),
    ("P", "Als er eindelijk plek is, is de situatie [vaak al zo verslechterd|al zo veranderd] dat we opnieuw moeten beginnen."),
    ("O", "We wachtten op een onderzoek, en zonder dat onderzoek kon er verder niks [starten|worden ingezet]."),
    ("L", "Op school zien we leerlingen die al [{tijd}|een schooljaar] wachten op een behandeling, en wij kunnen alleen maar [aanmodderen|opvangen]."),
    ("J", "Het duurde zo lang dat ik [zelf|op eigen houtje] maar iets ben gaan [zoeken|regelen]."),
    ("O", "Geen plek, geen plek, [altijd maar|steeds weer] geen plek."),
    ("P", "Wij zetten de aanvraag de deur uit en dan is het [wachten, wachten|afwachten]."),
    ("*", "Al die tijd [zat je maar te wachten|hing je maar in de lucht], zonder dat [iemand|er iemand] contact opnam."),
    ("OJ", "En dan zit je daar. [Maanden.|Weken en weken.]"),
    ("*", "Dat duurde en duurde maar."),
    ("O", "Pas na de zomer, [zeiden ze|werd het], misschien."),
    ("OJ", "We hoorden [gewoon niks|niks meer], al die tijd."),
]

WERKDRUK: list[T] = [
    ("O", "We hebben in [twee jaar|anderhalf jaar|een jaar] [vijf|zes|vier] verschillende [gezinsvoogden|hulpverleners|begeleiders] gehad."),
    ("J", "Net als ik iemand een beetje vertrouwde, [ging die weg|vertrok ze weer|was hij weer weg]."),
    ("O", "Elke keer weer een nieuw gezicht aan de keukentafel."),
    ("P", "Mijn caseload is [veel te groot|niet meer te doen], ik heb [dertig|vijfendertig|bijna veertig] gezinnen."),
    ("P", "[Collega's|Goede collega's] vertrekken omdat ze [opgebrand|overwerkt] raken."),
    ("P", "Ik kom eigenlijk alleen nog maar aan brandjes blussen toe."),
    ("O", "{Prof} was [ziek|met verlof|overspannen thuis] en er was niemand die het overnam."),
    ("O", "De nieuwe [gezinsvoogd|hulpverlener] had het dossier niet eens gelezen."),
    ("P", "Er staan bij ons [al maanden|sinds de zomer] vacatures open die we niet ingevuld krijgen."),
    ("B", "Het personeelsverloop in de jeugdbescherming is [enorm|zorgwekkend hoog]."),
    ("P", "Je wilt tijd nemen voor een gezin, maar de volgende [afspraak|melding] staat alweer te wachten."),
    ("J", "Ik weet niet eens meer hoe mijn [vorige|eerste] begeleiders heetten, het waren er zoveel."),
    ("O", "Ze zijn [allemaal heel aardig|goedwillend], maar ze hebben gewoon [geen tijd|het te druk]."),
    ("O", "{Prof} zei zelf dat ze het [te druk|veel te druk] had om vaker te komen."),
    ("P", "De administratie [vreet|kost] de helft van mijn tijd."),
    ("P", "We werken veel met [invalkrachten|zzp'ers|uitzendkrachten], en die zijn er [na een paar maanden|ook zo] weer weg."),
    ("*", "Die wisselingen, dat is [echt funest|slopend] voor [zo'n gezin|het vertrouwen]."),
    ("J", "Weer een nieuwe, weer opnieuw wennen, [ik had er geen zin meer in|daar word je moe van]."),
    ("O", "Afspraken werden [afgezegd|verzet] omdat er [niemand beschikbaar was|te weinig mensen waren]."),
    ("P", "Ik ben [vorig jaar|een tijd] zelf uitgevallen, gewoon [omdat het te veel was|door de werkdruk]."),
    ("B", "We verliezen ervaren mensen aan [het onderwijs|de ggz|andere sectoren] omdat het werk [te zwaar|niet vol te houden] is."),
    ("O", "Je bouwt een band op en dan is die persoon [ineens|opeens] weg, zonder afscheid."),
    ("L", "Ook bij ons op school wisselt de [schoolmaatschappelijk werker|jeugdverpleegkundige|contactpersoon van het buurtteam] [steeds|om de paar maanden]."),
    ("P", "Nieuwe collega's worden [meteen|direct] in het diepe gegooid, met zware casussen."),
    ("O", "Er zat [{tijd}|gewoon {tijd}] niemand op ons dossier."),
    ("J", "Mijn mentor bij de woongroep was er [twee dagen|een paar dagen] in de week, de rest van de tijd was het [steeds iemand anders|een invaller]."),
    ("P", "Ik [haal|red] mijn uren niet, ik werk 's avonds gewoon door."),
    ("O", "Ze hollen van het ene gezin naar het andere, dat zie je gewoon."),
    ("*", "Er zijn [te weinig handen|gewoon te weinig mensen] om het werk te doen."),
    ("P", "Als er [weer|opnieuw] iemand vertrekt, worden zijn gezinnen over ons verdeeld."),
    ("B", "Het ziekteverzuim bij de [wijkteams|aanbieders] ligt [ver boven het gemiddelde|hoog]."),
    ("O", "De [derde|vierde] gezinsvoogd kwam binnen en vroeg hoe het ging, alsof er niks gebeurd was."),
    ("J", "Ik had [telkens|steeds] een andere begeleider, dus ik vertelde op het laatst gewoon niks meer."),
    ("P", "Het is werk dat je [met hart en ziel|met plezier] doet, maar zo houd je het niet vol."),
    ("O", "Ik kreeg een mail dat {prof} [vertrokken was|een andere baan had], en dat was het."),
    ("P", "Het inwerken van nieuwe mensen kost ons [zoveel|ontzettend veel] tijd dat de rest blijft liggen."),
    ("B", "Het vinden en vasthouden van personeel is [een groot|het grootste] probleem in de sector."),
    ("*", "Het is [een komen en gaan|een duiventil] van hulpverleners."),
    ("O", "Ze [beloofden|zeiden] elke week te komen, maar het werd [eens per maand|om de drie weken] door de drukte."),
    ("P", "Ik heb [geen ruimte meer|gewoon geen tijd] om [even|rustig] naast een ouder te gaan zitten."),
    ("J", "Ik kon mijn begeleider [bijna nooit|nauwelijks] bereiken, die zat altijd [in overleg|bij een ander gezin]."),
    ("OJ", "Weer iemand anders, ja. [Weer een ander gezicht.|Alweer.]"),
    ("*", "Ze zijn gewoon [op|kapot], dat zie je aan ze."),
    ("O", "En dan was ze er weer niet, en dan kwam er [een invaller|iemand anders]."),
    ("P", "Het is [gewoon te veel|niet meer bij te benen], eerlijk gezegd."),
]

DOORVERWIJZEN: list[T] = [
    ("OJ", "Ik moest mijn verhaal [wel tien keer|keer op keer|telkens opnieuw] vertellen."),
    ("O", "Van {inst} naar {inst2}, en daar zeiden ze weer dat we bij {inst3} moesten zijn."),
    ("O", "We werden van het kastje naar de muur gestuurd."),
    ("J", "Bij elke nieuwe [intake|hulpverlener] weer dezelfde vragenlijst, dezelfde vragen."),
    ("O", "Elk loket zei: daarvoor moet u [ergens anders|niet bij ons] zijn."),
    ("P", "Wij verwijzen door, maar eerlijk gezegd weten we [niet altijd|soms niet eens] of ze daar [wel goed terechtkomen|op de goede plek zijn]."),
    ("P", "Er komt een gezin bij ons binnen dat al [drie|vier] keer is doorverwezen en [nog steeds|nog altijd] geen hulp heeft."),
    ("O", "De huisarts stuurde ons naar het wijkteam, het wijkteam naar de ggz, en de ggz weer terug naar de huisarts."),
    ("J", "Ik was het zat om [steeds maar|elke keer] weer uit te leggen wat er thuis gebeurd was."),
    ("O", "Elke keer zat er iemand anders tegenover me die van voren af aan begon."),
    ("OJ", "Ik heb me [zo vaak|ontelbaar vaak] moeten voorstellen, ik kon het verhaal op den duur dromen."),
    ("*", "Het is één groot rondje langs de [loketten|instanties]."),
    ("P", "Als het niet precies in ons [profiel|hokje] past, moeten we [doorsturen|doorverwijzen], ook al zien we wat er nodig is."),
    ("B", "Het stelsel [nodigt uit tot doorschuiven|beloont doorverwijzen], want niemand wil de [dure|zware] casus."),
    ("O", "Ik had op het laatst een map met alle verslagen, die nam ik gewoon overal mee naartoe."),
    ("O", "Bij het Wmo-loket zeiden ze dat het jeugd was, bij jeugd zeiden ze dat het Wmo was."),
    ("J", "Ze zeiden dat ik [te oud|te jong] was voor hun hulp, en dan [sta je weer buiten|begin je weer ergens anders]."),
    ("O", "Niemand voelde zich verantwoordelijk, ze schoven ons [gewoon|steeds] door."),
    ("P", "Dat doorschuiven zie ik [heel vaak|echt dagelijks], zeker bij [complexe|meervoudige] problemen."),
    ("O", "Weer een [intakegesprek|kennismakingsgesprek], weer vanaf het begin."),
    ("OJ", "Die [zoveelste|zoveelste nieuwe] intake, daar [word je moedeloos van|knap je op af]."),
    ("O", "We zijn [bij zeker vijf|bij wel zes] instanties langs geweest voor we [ergens terechtkonden|iemand vonden die het oppakte]."),
    ("P", "De ggz zegt: eerst de opvoedproblemen, en de opvoedondersteuning zegt: eerst de ggz."),
    ("J", "Op het laatst vertelde ik [een korte versie|maar de helft], ik had [er geen zin meer in|geen energie meer]."),
    ("O", "{Prof} zei dat het buiten [haar|zijn] taak viel en gaf ons een telefoonnummer."),
    ("B", "Gezinnen met [problemen op meerdere gebieden|meerdere problemen] vallen [tussen wal en schip|tussen de loketten]."),
    ("*", "Je wordt [doorgestuurd|doorgeschoven] en doorgestuurd, en [niemand pakt het op|ondertussen gebeurt er niks]."),
    ("O", "Ik heb [al die pijnlijke dingen|alles over de scheiding] [zo vaak|keer op keer] moeten herhalen dat ik er ziek van werd."),
    ("P", "Ik merk dat ouders [al helemaal klaar zijn|wantrouwig zijn] als ze bij mij komen, ze hebben het verhaal al [zo vaak|tig keer] verteld."),
    ("O", "Overal was een aanmeldformulier, en overal moest je weer van voren af aan beginnen."),
    ("J", "[Weer|Alweer] naar een ander adres, [weer|alweer] een andere wachtkamer, [weer|alweer] hetzelfde gesprek."),
    ("O", "Ze [wisten|zeiden] wel waar we níet moesten zijn, maar niet waar wel."),
    ("P", "Een warme overdracht zou helpen, maar [meestal|vaak] is het gewoon een verwijsbrief en succes."),
    ("O", "Bij de [vierde|vijfde] instantie vroeg ik: kunt u niet gewoon het vorige verslag lezen?"),
    ("L", "Wij verwijzen leerlingen door naar het buurtteam, en een paar weken later staan ze [weer bij ons|gewoon weer bij de mentor] omdat ze nergens terechtkonden."),
    ("*", "Niemand zegt: dit is van mij, ik pak het op."),
    ("J", "Iedereen wilde het [opnieuw|van mij zelf] horen, [alsof het nergens opgeschreven stond|alsof er geen dossier was]."),
    ("O", "We vielen overal [net|precies] buiten de criteria."),
    ("B", "De toegang is versnipperd, er zijn [te veel|veel te veel] voordeuren."),
    ("O", "Ze zeiden [steeds|telkens] dat ik bij een ander loket moest zijn, [drie keer|vier keer] op een rij."),
    ("OJ", "En dan mocht ik weer bij nul beginnen."),
    ("*", "Overal hetzelfde [liedje|riedeltje]: hier moet u niet zijn."),
    ("OJ", "Alles weer van voren af aan, [alles|het hele verhaal]."),
    ("O", "Ik kon het [wel dromen|wel opzeggen] op het laatst."),
]

OUDERS: list[T] = [
    ("O", "We hadden [flinke|grote|oplopende] schulden en dat gaf thuis [zoveel|enorm veel] spanning."),
    ("O", "Ik had zelf een depressie, dus ik kon er [niet|gewoon niet] zijn voor de kinderen."),
    ("O", "We woonden [met z'n vijven|met vier kinderen] in een [tweekamerflat|kleine flat] in {plek}."),
    ("P", "Als je de schulden niet aanpakt, kun je [het kind|de jongere] [eigenlijk niet|niet echt] helpen."),
    ("P", "Achter het gedrag van [een kind|zo'n jongen] zit [vaak|heel vaak] een moeder met [eigen problemen|psychische problemen] die zelf geen hulp krijgt."),
    ("J", "Mijn moeder was zelf [ziek|psychisch ziek|depressief], dus ik zorgde eigenlijk voor [mijn broertjes|het huishouden]."),
    ("J", "Er was thuis nooit geld, [ook niet|zelfs niet] voor [sportkleding|een schoolreisje|de sportclub]."),
    ("O", "We zijn [uit huis gezet|het huis uit gezet] en hebben [maanden|{tijd}] bij mijn zus op de bank geslapen."),
    ("O", "De deurwaarder stond [steeds|weer] op de stoep, en de kinderen zagen dat allemaal."),
    ("P", "Zolang er geen [stabiele woonplek|vast huis] is, heeft [behandeling|een training] voor het kind weinig zin."),
    ("B", "Armoede en schulden [hangen sterk samen met|zitten achter een groot deel van] de vragen die bij de jeugdhulp binnenkomen."),
    ("O", "Ik [durfde niet te vertellen|schaamde me om te vertellen] dat we het financieel zo zwaar hadden."),
    ("O", "Mijn ex had [een verslaving|drankproblemen] en dat heeft [ons hele gezin|alles] [ontwricht|kapotgemaakt]."),
    ("P", "Ouders met [een licht verstandelijke beperking|psychiatrische problemen] hebben zelf ondersteuning nodig, maar dat valt onder een ander [loket|potje]."),
    ("J", "Ik wist niet dat mijn vader [schulden had|in de schuldsanering zat] tot de [brieven|aanmaningen] op de mat lagen."),
    ("O", "Ik stond zelf bij de ggz ingeschreven, en ondertussen moest ik alles thuis draaien."),
    ("*", "Je kunt [het kind|de jongere] niet los zien van wat er bij de ouders speelt."),
    ("O", "De [energierekening|huur|zorgverzekering] kon ik [al maanden|een tijd] niet betalen."),
    ("O", "We staan al [jaren|zeven jaar|negen jaar] ingeschreven voor een grotere woning, maar in {plek} is [niks|gewoon niks] te krijgen."),
    ("P", "Ik zie [heel veel|steeds meer] gezinnen in {plek} die [door de huur|door de vaste lasten] [niet rondkomen|in de problemen komen]."),
    ("J", "Thuis was het [altijd|elke dag] ruzie over geld."),
    ("O", "Na de scheiding [had ik|bleef ik achter met] [een enorme|een flinke] schuld en [drie kinderen|twee kinderen]."),
    ("P", "De moeder had zelf [een trauma|PTSS|een zwaar verleden] waar nooit iets mee gedaan was, en dat speelde [voortdurend|steeds] mee."),
    ("B", "We willen [bestaanszekerheid|schuldhulp en wonen] [veel meer|beter] verbinden met de jeugdhulp."),
    ("O", "Ik werkte [twee banen|nachtdiensten] om rond te komen, dus ik was [gewoon|bijna] nooit thuis."),
    ("J", "Mijn moeder lag [soms|vaak] dagen in bed, en dan regelde ik [alles|het eten] maar."),
    ("O", "{Prof} vroeg alleen naar {kind}, niemand vroeg hoe het met míj ging."),
    ("P", "Wij behandelen het kind, maar de [bron|oorzaak] zit bij [de ouders|de thuissituatie] en daar komen we niet aan."),
    ("*", "[Die geldzorgen sijpelen|Die financiële stress sijpelt] door in [alles|het hele gezin]."),
    ("O", "We woonden [tijdelijk|een tijd] in de [daklozenopvang|noodopvang|gezinsopvang], met {kind} erbij."),
    ("O", "Ik ben zelf [ook ADHD'er|autistisch] en niemand [hield daar rekening mee|keek daarnaar]."),
    ("J", "Ik durfde niemand mee naar huis te nemen omdat het thuis [zo'n puinhoop|zo'n chaos] was."),
    ("P", "Bij [bijna|vrijwel] elk gezin in mijn caseload [spelen ook schulden|zijn er ook geldproblemen]."),
    ("B", "[Schuldhulpverlening|De schuldhulp] en jeugdhulp werken [nog te veel|te vaak] naast elkaar in plaats van samen."),
    ("O", "Zonder vast adres kon ik [niet eens|niet] [een uitkering aanvragen|me inschrijven bij de huisarts]."),
    ("O", "Mijn eigen jeugd was [ook niet makkelijk|ook zwaar], en dat [neem je mee|nam ik mee] in hoe ik opvoed."),
    ("J", "Mijn vader [dronk|gebruikte], en iedereen deed alsof het normaal was."),
    ("O", "Ik had niet eens geld voor [de eigen bijdrage|de reiskosten naar de behandeling]."),
    ("*", "Als ouders zelf kopje onder gaan, [hoe moeten ze dan hun kind helpen?|lukt het opvoeden ook niet.]"),
    ("P", "Huisvesting is [echt|gewoon] het grote probleem, we hebben [moeders|gezinnen] die met kinderen op één kamer zitten."),
    ("O", "[De stress over geld|Die geldzorgen] maakte me [kortaf|prikkelbaar] tegen de kinderen."),
    ("O", "Ik had het [zelf ook zo zwaar|zelf zo moeilijk] in die tijd, weet je."),
    ("J", "Mijn moeder kon het gewoon niet, [thuis|met alles wat er speelde]."),
    ("O", "Aan het eind van de maand was er [gewoon niks meer|niks over]."),
    ("*", "Dat hele gedoe met de huur en [de rekeningen|de brieven], dat [gaat|ging] allemaal mee in het gezin."),
]

VEILIGHEID: list[T] = [
    ("O", "Ik was [zo bang|doodsbang] dat ze {kind} [zouden weghalen|uit huis zouden plaatsen]."),
    ("O", "Er kwam een melding bij Veilig Thuis en vanaf dat moment [voelde alles als een verhoor|stond alles op zijn kop]."),
    ("J", "Ik ben [op mijn veertiende|op mijn dertiende|toen ik twaalf was] uit huis geplaatst en [niemand legde uit waarom|ik wist niet waar ik heen ging]."),
    ("O", "Je durft [niks meer|niet meer eerlijk] te zeggen, want straks [staat Veilig Thuis aan de deur|nemen ze je kind mee]."),
    ("P", "Als er [signalen zijn van|zorgen zijn over] huiselijk geweld, moeten we [melden|de meldcode volgen], ook als dat het vertrouwen schaadt."),
    ("P", "Een uithuisplaatsing is [soms|heel soms] [echt nodig|onvermijdelijk], maar het gebeurt [te vaak|te snel] zonder goed alternatief."),
    ("O", "De gezinsvoogd [dreigde|zei] dat als het niet beter ging, de kinderen [naar een pleeggezin|uit huis] zouden gaan."),
    ("J", "In de [crisisopvang|leefgroep|groep] voelde ik me [juist niet|helemaal niet] veilig."),
    ("O", "Er is een ondertoezichtstelling uitgesproken, en sindsdien [beslist de rechter mee|voelt het alsof ik op proef ben]."),
    ("O", "Ze stonden onaangekondigd [op de stoep|aan de deur] om te [kijken|controleren] of het [veilig|schoon] was."),
    ("P", "De Raad voor de Kinderbescherming doet onderzoek, en dan [sta je als ouder al op achterstand|is de toon meteen anders]."),
    ("J", "Ik heb thuis [dingen gezien|dingen meegemaakt] die een kind niet [moet|hoort te] zien, maar ik durfde het niet te zeggen."),
    ("O", "{Kind} woont nu al {tijd} in een pleeggezin, en ik mag maar [één keer per maand|eens per twee weken] op bezoek."),
    ("P", "Bij twijfel over de veiligheid [moet je|ga je] [met Veilig Thuis overleggen|een veiligheidsplan maken], dat is [gewoon|nu eenmaal] de regel."),
    ("B", "Het aantal [uithuisplaatsingen|gedwongen maatregelen] moet omlaag, maar dan moet er [thuis wel genoeg hulp komen|wel een alternatief zijn]."),
    ("O", "Toen ik [om hulp vroeg|zelf aan de bel trok], werd dat [tegen me gebruikt|een dossier over mij]."),
    ("J", "Mijn [broertje|zusje] en ik werden uit elkaar gehaald, [ik naar een groep en de ander naar een pleeggezin|allebei naar een andere plek]."),
    ("O", "Die angst dat ze je kinderen [afpakken|meenemen], die gaat nooit meer weg."),
    ("P", "Het is lastig om tegelijk hulpverlener en [controleur|degene die meldt] te zijn."),
    ("*", "Het draaide [vanaf dat moment|toen] alleen nog maar om veiligheid, en niet meer om [hulp|wat het gezin nodig had]."),
    ("O", "Er werd een veiligheidsplan opgesteld waarin stond dat mijn [vriend|partner] niet meer mocht [komen|blijven slapen]."),
    ("J", "De politie kwam [midden in de nacht|'s avonds laat], en toen ging het [heel snel|ineens allemaal heel snel]."),
    ("O", "[In het rapport|In de melding] stonden dingen die gewoon niet klopten, maar [dat kreeg ik er niet meer uit|daar werd niet naar gekeken]."),
    ("P", "[Soms|Af en toe] [twijfel ik|lig ik wakker] of ik een kind niet te lang thuis heb laten wonen."),
    ("B", "Er zijn te weinig [pleeggezinnen|plekken in gezinshuizen], dus kinderen [komen in een groep terecht|worden ver weg geplaatst]."),
    ("O", "Ik heb [onder druk|omdat ik geen keus had] getekend voor een vrijwillige uithuisplaatsing."),
    ("J", "Ik heb [in twee jaar|in een jaar] op [vier|vijf] verschillende plekken gewoond."),
    ("O", "De [jeugdbeschermer|gezinsvoogd] had het alleen maar over risico's en nooit over wat wel goed ging."),
    ("*", "Als er eenmaal een melding is, [word je anders bekeken|kijkt iedereen anders naar je]."),
    ("P", "We maken een plan voor wie er ['s nachts|'s avonds] in huis mag zijn, om [het kind|de kinderen] veilig te houden."),
    ("J", "Ik wilde [gewoon|alleen maar] naar huis, [maar dat mocht niet van de rechter|maar de rechter besliste anders]."),
    ("O", "Toen de crisisdienst [belde|aanbelde], [wist ik meteen|dacht ik] dat ze [de kinderen|{kind}] kwamen halen."),
    ("O", "Ik wil [gewoon|alleen maar] dat {kind} veilig is, maar ik wil mijn kind niet kwijt."),
    ("P", "Na een zorgmelding van school [moeten we altijd kijken of het thuis veilig is|gaan we direct op huisbezoek]."),
    ("B", "De keten van melding tot maatregel is [te traag|te ingewikkeld], en ondertussen [zitten kinderen in onveilige situaties|loopt het risico door]."),
    ("J", "Ik dacht [dat het mijn schuld was|dat ik iets fout had gedaan] dat ik uit huis moest."),
    ("O", "De [jeugdarts|huisarts] zag een blauwe plek en [deed meteen een melding|belde meteen Veilig Thuis], zonder eerst met ons te praten."),
    ("*", "Thuis was het [niet veilig|gewoon niet veilig meer], dat wist iedereen eigenlijk wel."),
    ("O", "Sinds de uithuisplaatsing [zeg ik bijna niks meer|vertel ik weinig] tegen hulpverleners."),
    ("P", "Terugplaatsing naar huis wordt [vaak|soms] [slecht voorbereid|te weinig begeleid], en dan [gaat het weer mis|zitten we zo weer met een melding]."),
    ("L", "Als een leerling [met een blauw oog|met verhalen over geweld] binnenkomt, [bespreek ik dat met de aandachtsfunctionaris|volgen we de meldcode]."),
    ("O", "Ik heb [nachtenlang|weken] niet geslapen [van angst|van de zorgen], echt niet."),
    ("J", "En toen moest ik ineens [weg|mijn spullen pakken]."),
    ("*", "Die melding, [daar begon het mee|dat was het begin van alles]."),
    ("O", "Je bent [gewoon|altijd] bang dat ze [ze|hem|haar] komen halen."),
]

ONDERWIJS: list[T] = [
    ("O", "{Kind} zat al {tijd} thuis [zonder onderwijs|zonder lessen|zonder school], en niemand [voelde zich verantwoordelijk|deed er iets aan]."),
    ("J", "[Op school|Op het vmbo|In de klas|Op mijn opleiding] [wisten ze niks van|hadden ze geen idee van] mijn behandeling."),
    ("L", "Wij [merken|zien] dat een leerling het [moeilijk|zwaar] heeft, maar we weten niet [wie er betrokken is|bij wie we moeten zijn] in de zorg."),
    ("L", "De behandeling is onder schooltijd, [dus hij mist steeds lessen|dus ze mist elke week een ochtend]."),
    ("O", "De leerplichtambtenaar [belde|kwam] over verzuim, terwijl we juist al maanden op hulp wachtten."),
    ("J", "Ik [kon|mocht] [niet meer|een tijd niet] naar [school|de lessen|mijn opleiding], en [er was nergens anders plek|niemand regelde iets anders]."),
    ("L", "Als mentor heb ik [dertig|achtentwintig] leerlingen, ik kan niet [ook nog|daarnaast] de hulpverlening coördineren."),
    ("O", "[School|De basisschool|Het vmbo] zei dat het een zorgprobleem was, de zorg zei dat het aan [school|het onderwijs] lag."),
    ("L", "Er is één [schoolmaatschappelijk werker|contactpersoon van het buurtteam] voor [de hele school|achthonderd leerlingen|alle klassen], dat is [veel te weinig|gewoon niks]."),
    ("P", "Wij komen [niet|nauwelijks] binnen [op school|in het onderwijs|bij de scholen], het blijft [een gesloten bolwerk|een wereld apart]."),
    ("J", "Mijn [mentor|leraar] [vond|zei] dat ik me [aanstelde|niet zo moest aanstellen], terwijl er [thuis|in mijn hoofd] van alles speelde."),
    ("O", "Een plek in het speciaal onderwijs vinden kostte ons [{tijd}|meer dan een jaar]."),
    ("L", "Het [zorgteam op school|ondersteuningsteam van de school|zorgadviesteam] en het wijkteam [kennen elkaar eigenlijk niet|zitten nooit samen aan tafel]."),
    ("B", "Onderwijs en jeugdhulp hebben elk hun eigen [budgetten|financiering en regels], en de leerling valt ertussen."),
    ("O", "Op papier was er een [ontwikkelingsperspectief|plan], maar [in de klas|in de les] gebeurde er niks mee."),
    ("J", "Na [mijn opname|de kliniek] moest ik [meteen|gewoon] weer [volle dagen|de hele dag] [naar school|in de klas zitten|naar de lessen], zonder opbouw."),
    ("L", "We krijgen [geen|nooit] [terugkoppeling|informatie] van de behandelaar, dus we weten niet hoe we een leerling in de klas moeten [begeleiden|ondersteunen]."),
    ("O", "Onze [zoon|dochter] werd een thuiszitter, en [de school|de directeur|het onderwijs] zag dat niet als [hun probleem|hun taak]."),
    ("P", "[Hulp in de klas|Zorg in de school|Ondersteuning in het klaslokaal] zou veel [schelen|oplossen], maar de financiering laat dat niet toe."),
    ("J", "Ik werd [steeds|de hele tijd] uit de les gestuurd, en dat was [eigenlijk|zo'n beetje] de enige [aanpak|oplossing] die ze hadden."),
    ("L", "Als [school|team|docenten] [hebben we|hadden we] [te weinig|geen] handvatten voor leerlingen met [trauma|ernstige gedragsproblemen|een angststoornis]."),
    ("O", "Het verzuim liep steeds verder op, maar [in de zorg keek niemand daarnaar|de hulpverlening deed daar niks mee]."),
    ("O", "De intern begeleider en de [psycholoog|behandelaar] hebben elkaar nooit één keer gesproken."),
    ("J", "[In de klas|Voor mijn opleiding|Op school] moest ik alles inhalen wat ik [door de therapie|door de afspraken] gemist had, [niemand hielp me daarmee|daar was geen hulp bij]."),
    ("B", "Thuiszitters laten [pijnlijk|heel duidelijk] zien dat onderwijs en zorg [langs elkaar heen werken|niet op elkaar aansluiten]."),
    ("L", "Een leerling [vertelt|vertelde] mij [iets|van alles] over thuis, maar ik weet niet [hoe ik de zorg erbij haal|wie ik dan moet bellen]."),
    ("O", "[School|De basisschool|De zorgcoördinator] wilde eerst een diagnose zien voordat er [extra begeleiding|een aangepast rooster|ondersteuning in de klas] kwam."),
    ("P", "We zouden [graag|eigenlijk] een spreekuur [op school|in de scholen|op het schoolplein] houden, maar [daar is geen ruimte voor|dat wordt niet vergoed]."),
    ("J", "Mijn begeleider en mijn [mentor|docent|leraar] [wisten niet van elkaar|hadden nooit contact], dus ik zat ertussenin."),
    ("O", "[Op de basisschool|In groep zeven] ging het nog, maar [op de middelbare|in de brugklas] [viel alle ondersteuning weg|was er niks meer]."),
    ("L", "Het [zorgtraject|traject] stopt [in de zomer|voor de vakantie] en in september staat de leerling [weer|gewoon weer] in de klas zonder [enige|verdere] ondersteuning."),
    ("*", "[School|Onderwijs] en zorg [zijn|blijven] [twee|echt twee] [gescheiden|aparte] werelden."),
    ("O", "[Op school|In de klas|Op het vmbo] zeiden ze dat {kind} niet meer te handhaven was in de klas."),
    ("J", "Ik heb [bijna een jaar|{tijd}] [geen les gehad|niet in de klas gezeten|geen onderwijs gehad], en [niemand|geen hulpverlener] vroeg daarnaar."),
    ("L", "We zijn geen hulpverleners, [maar we moeten wel alles opvangen in de klas|en toch komt alles bij ons binnen]."),
    ("B", "Het samenwerkingsverband en de gemeente [praten al jaren over|blijven steggelen over] wie wat betaalt."),
    ("O", "De mentor deed zijn best, maar had geen idee [wat hij met een kind met autisme aan moest|hoe hij een angstig kind kon helpen]."),
    ("P", "Ik hoorde pas [veel later|via de moeder] dat [het kind|de jongen] al [weken|{tijd}] [niet op school was geweest|thuiszat|geen les had gehad]."),
    ("J", "De [vertrouwenspersoon|zorgcoördinator] [op school|van het lyceum|van de mavo] was er maar [één dag|één middag] in de week."),
    ("L", "De [leerplichtambtenaar|jeugdarts] komt pas in beeld als het verzuim al [uit de hand gelopen|veel te hoog] is."),
    ("O", "Zijn rooster werd [steeds|telkens] aangepast, maar niemand [belde|overlegde] even met de behandelaar."),
    ("*", "Tussen [de klas|het onderwijs] en [de hulpverlening|de zorg] [zit|zat] gewoon een gat."),
    ("*", "Een kind [zit|zat] de hele dag [op school|in de klas|op het vmbo], dus daar [moet|zou] de hulp [toch|eigenlijk] ook [zijn|kunnen zitten]."),
    ("OJ", "En de lessen? Die liepen gewoon door, [zonder mij|alsof er niks was]."),
    ("O", "De juf wist [van niks|nergens van], en de hulpverlener kwam nooit [in de klas|op school]."),
    ("J", "Ik zat [thuis|op de bank] terwijl de rest [gewoon examen deed|over ging]."),
    ("*", "Tussen de klas en de [behandeling|therapie] zat [niks|helemaal niks]."),
]

TEMPLATES: dict[str, list[T]] = dict(
    zip(
        BOTTLENECKS,
        [COMMUNICATIE, REGIE, WACHTTIJDEN, WERKDRUK, DOORVERWIJZEN, OUDERS, VEILIGHEID, ONDERWIJS],
        strict=True,
    )
)

# --------------------------------------------------------------------------
# Neutral material. Participant remarks share the domain words.

NEUTRAL: list[T] = [
    ("*", "Ja, dat herken ik [wel|heel erg], echt."),
    ("*", "Precies, dat [wilde ik ook zeggen|bedoel ik nou]."),
    ("*", "Ik sluit me daar [wel|helemaal] bij aan."),
    ("*", "Ja. Ja, zeker, dat is [een goed punt|mooi gezegd]."),
    ("*", "Daar ben ik het [mee eens|wel mee eens], ja."),
    ("O", "Ik woon [sinds {jaren}|al {jaren}] in {plek}, met [twee|drie] kinderen."),
    ("P", "Ik werk [nu|inmiddels] {jaren} als [jeugdhulpverlener|buurtteammedewerker|gezinscoach] in {plek}."),
    ("O", "Mijn [zoon|dochter] is [veertien|negen|zestien] en zit [in de tweede klas|op het mbo|in groep zes]."),
    ("O", "Ik ben [moeder van drie|vader van twee] en ik werk [in de thuiszorg|bij een supermarkt|als kapster]."),
    ("L", "Ik ben [mentor|leerkracht|intern begeleider] op een [basisschool|middelbare school] in {plek}."),
    ("J", "Ik zit [in het tweede jaar|in mijn laatste jaar] van het mbo, [zorg en welzijn|ICT|de kappersopleiding]."),
    ("B", "Bij de gemeente houd ik me bezig met [het jeugdbeleid|de inkoop van jeugdhulp|de wijkteams]."),
    ("O", "Wij komen eigenlijk uit [Amersfoort|Nieuwegein|Zeist] en zijn [{jaren} geleden|een paar jaar geleden] naar {plek} verhuisd."),
    ("*", "{Prof} was echt [top|fantastisch], [die nam gewoon de tijd|die belde gewoon even terug]."),
    ("O", "Uiteindelijk hadden we [een vaste contactpersoon|één vaste hulpverlener], en dat [hielp enorm|maakte zoveel verschil]."),
    ("O", "Via het buurtteam kregen we [een gezinscoach|huiswerkbegeleiding], en dat [loopt goed|gaat nu prima]."),
    ("O", "[Op school|In de klas] gaat het nu [veel beter|een stuk beter] met {kind}."),
    ("*", "De gemeente heeft [een mooi|een goed] [initiatief|project] in {plek}, [voor jongeren|met een inloop op woensdag]."),
    ("O", "De jeugdarts [zag het meteen|pakte het snel op] en dat was [fijn|heel prettig]."),
    ("*", "Wat echt hielp was dat [ze|de hulpverlener] gewoon [luisterde|naast ons ging zitten]."),
    ("*", "Ik weet niet [of dat|of het] hierbij hoort, maar goed."),
    ("*", "Dat is eigenlijk [een lang verhaal|een heel verhaal]."),
    ("*", "Ik vind het [fijn|goed] dat we hier [met elkaar|samen] over kunnen praten."),
    ("*", "Mijn [buurvrouw|zus] {naam} werkt [ook in de jeugdzorg|bij de ggz|op een school]."),
    ("O", "De school van {kind} ligt hier om de hoek, in {plek}."),
    ("O", "We hebben [vorige week|laatst] [een gesprek|een evaluatie] gehad [bij het wijkteam|met de gezinscoach], en dat ging [goed|prima]."),
    ("*", "In de zomer gaan we [altijd|meestal] [naar familie|kamperen], [in Zeeland|in Limburg|in Marokko|in Turkije]."),
    ("J", "Ik [voetbal|zit op kickboksen|werk bij de Albert Heijn] in {plek}, [twee avonden|drie avonden] in de week."),
    ("P", "Wij hebben [elke dinsdag|op donderdagochtend] een inloopspreekuur in het wijkcentrum, daar komen ouders [gewoon|zomaar] binnen."),
    ("L", "Op onze school hebben we [sinds dit jaar|sinds kort] een [schoolmaatschappelijk werker|jeugdverpleegkundige] en dat bevalt [goed|prima]."),
    ("B", "We [evalueren|bekijken] [dit jaar|binnenkort] hoe de wijkteams in {plek} draaien, daarom zijn deze gesprekken [ook|juist] zo waardevol."),
    ("J", "Mijn [begeleider|mentor] [helpt|hielp] me met [solliciteren|mijn planning|een stageplek], dat is echt fijn."),
    ("O", "{Kind} [zit op|is lid van] [een voetbalclub|zwemles|een dansschool] in {plek}, [dat gaat heel goed|dat is echt een uitlaatklep]."),
    ("*", "Ja, nou, dat weet ik eigenlijk niet meer zo precies, het is al [een tijd|jaren] geleden."),
    ("*", "De huisarts [hier|bij ons] in {plek} is [heel betrokken|echt goed], dat moet ik wel zeggen."),
    ("P", "Ik kom [oorspronkelijk uit het onderwijs|uit de ggz|uit de verslavingszorg] en werk [sinds {jaren}|nu {jaren}] in de wijk."),
    ("O", "Mijn man werkt [in ploegendienst|bij de gemeente|op Schiphol], dus ik doe de meeste afspraken."),
    ("*", "Goed dat dit [opgeschreven wordt|besproken wordt], dan [gebeurt er hopelijk wat mee|weten ze het tenminste]."),
    ("O", "Het keukentafelgesprek was [eigenlijk heel prettig|best goed], ze namen [echt|gewoon] de tijd."),
    ("J", "School gaat [nu|dit jaar] [best goed|prima], ik heb [mijn rijbewijs bijna|een stage gevonden]."),
    ("O", "We wachten nu nog op [de uitslag van de toets|het rapport], maar dat komt [vanzelf|wel] goed."),
    ("*", "De wachttijd bij [de huisarts|de fysio|de tandarts] viel [gelukkig|eigenlijk] best mee."),
    ("P", "Vorige week hadden we een [goed|heel fijn] overleg met school en de ouders samen."),
    ("O", "De nieuwe gezinsvoogd [is heel fijn|klikt goed met {kind}], daar ben ik [echt|gewoon] blij mee."),
    ("O", "Via de schuldhulp hebben we [alles op een rij gezet|een regeling getroffen], dat loopt nu [gewoon|gelukkig] goed."),
    ("O", "We wonen [sinds kort|sinds vorig jaar] in een [grotere woning|eengezinswoning] in {plek}, [eindelijk|heerlijk]."),
    ("*", "Veilig Thuis gaf een [voorlichting|presentatie] op de ouderavond, dat was [best|heel] interessant."),
    ("J", "Ik mocht zelf kiezen [welke begeleider ik wilde|waar ik heen ging], en dat [voelde goed|was fijn]."),
    ("O", "Bij de intake vroegen ze echt wat wíj wilden, dat was [verfrissend|prettig]."),
    ("L", "De leerplichtambtenaar denkt [bij ons|gelukkig] [goed|echt] mee, dat is een fijne samenwerking."),
    ("*", "Ik ben [een keer|laatst] doorverwezen naar [de fysio|een diëtist], maar dat ging [prima|vlot]."),
    ("P", "In ons team [in {plek}|hier] zijn [sinds kort|dit jaar] [twee|drie] nieuwe collega's begonnen, [die draaien al goed mee|dat gaat prima]."),
    ("O", "Mijn [moeder|schoonmoeder] past [vaak|soms] op als ik naar [mijn werk|een afspraak] moet."),
    ("J", "Met mijn [gezinsvoogd|begeleider] heb ik [nu|eindelijk] een goede klik."),
    ("*", "Wij vertellen ons verhaal [hier|vandaag] [graag|best], hoor, [daar zijn we voor gekomen|daarom zitten we hier]."),
]


LOGISTICS: list[T] = [  # only in neutral turns, never next to a complaint
    ("*", "Zullen we [na de pauze|straks] verder gaan?"),
    ("*", "Er staat [koffie|thee] achterin, pak gerust wat."),
    ("*", "Mag ik heel even [naar buiten|bellen]? Mijn [oppas|dochter|zus] probeert me te bereiken."),
    ("*", "Sorry dat ik [te laat was|later binnenkwam], [het was druk op de weg|de bus reed niet] vanuit {plek}."),
    ("*", "Moet ik nog [iets invullen|dit formulier tekenen] voor [de opname|jullie onderzoek]?"),
    ("*", "Kunnen we [de volgende keer|een volgende keer] [bij het buurtteam|in het wijkcentrum in {plek}] afspreken?"),
    ("O", "Ik moet [om vier uur|om half vijf] weg, de kinderen uit school halen."),
    ("*", "[Even denken|Eh, even kijken], wat wilde ik ook alweer zeggen?"),
    ("*", "Oké, [dat is duidelijk|helder], dank je."),
]


# Background remarks: where and when something happened. They name the topics
# of other bottlenecks without being about them, in labelled and neutral turns.
BACKGROUND: list[T] = [
    ("O", "Dat was [in de periode|in de tijd] dat we [op de wachtlijst stonden|nog op de ggz wachtten]."),
    ("O", "Dat was nog voor de uithuisplaatsing van [mijn oudste|zijn broer]."),
    ("OP", "Hij zat toen nog op de basisschool, in groep [zeven|acht]."),
    ("OJ", "We woonden toen nog in [die kleine flat|een portiekwoning] in {plek}."),
    ("O", "Dat was bij de [tweede|derde] gezinsvoogd, geloof ik."),
    ("O", "Er liep toen ook een melding bij Veilig Thuis, [maar dat terzijde|maar dat is een ander verhaal]."),
    ("O", "Dat was na de scheiding, [in dat eerste jaar|toen alles nog nieuw was]."),
    ("OJ", "Het buurtteam had ons toen [net|pas] doorverwezen naar de ggz."),
    ("*", "De mentor was [er ook bij|toen ook aanwezig], [bij dat gesprek|in dat overleg]."),
    ("O", "Dat was in het jaar dat hij [thuiszat|niet naar school ging]."),
    ("O", "Ik had toen zelf ook een behandeling bij de ggz lopen."),
    ("OJ", "Er waren toen [een stuk of vijf|allerlei] hulpverleners bij ons betrokken."),
    ("OJ", "Toen was {prof} nog [onze|mijn] contactpersoon."),
    ("*", "Het was [vlak voor|net na] de intake bij de jeugd-ggz."),
    ("O", "We hadden [net|toen net] de indicatie van de gemeente binnen."),
    ("*", "Dat was [tijdens|in] het overleg met school en het wijkteam."),
    ("O", "Ik was toen net mijn baan kwijt."),
    ("J", "Dat was toen ik nog in de crisisopvang zat."),
    ("O", "Mijn ex woonde toen nog bij ons."),
    ("*", "We zaten toen al [een jaar|twee jaar] in het traject."),
    ("O", "Dat gesprek was bij het Wmo-loket, [op het stadskantoor|in {plek}]."),
    ("*", "De leerplichtambtenaar was [er toen|daar] ook al bij betrokken."),
    ("P", "Dat gezin kende ik [al van het wijkteam|al uit {plek}], van een eerdere aanmelding."),
    ("P", "Dat was een casus waar ook [Veilig Thuis|de jeugdbescherming|de school] bij zat."),
    ("P", "Die jongen [zat|stond] toen ook op de wachtlijst [voor de ggz|voor een onderzoek]."),
    ("L", "Die leerling had [toen al|ook] een hulpverlener van het buurtteam."),
    ("L", "Dat was in de brugklas, [bij het zorgoverleg|op de leerlingbespreking]."),
    ("B", "Dat zien we [ook|trouwens ook] in de cijfers van de wijkteams in {plek}."),
    ("B", "Dat kwam [ook|vorig jaar ook] naar voren in de evaluatie van de jeugdhulp."),
    ("J", "Ik zat toen [in de derde|in de vierde|in mijn eerste jaar] en woonde nog thuis."),
    ("J", "Dat was toen mijn moeder [nog ziek was|het zwaar had]."),
]


# Echoes: a participant takes up what the previous speaker said ("bij ons
# precies zo"). Coders code such a turn with the same bottleneck, but the turn
# alone hardly shows which one: only the context does.
ECHOES: list[str] = [
    "Ja, dat herken ik [echt|helemaal]. Bij ons [was het|ging het] precies zo.",
    "Nou, dat was bij ons [ook zo|precies zo], [echt hetzelfde verhaal|exact hetzelfde].",
    "Ja! Precies dat. Dat hebben wij ook [meegemaakt|gehad], [jarenlang|heel lang].",
    "Dat is [zo herkenbaar|echt herkenbaar], wat u nu zegt. Bij ons [ook|net zo].",
    "Ik wil daar even op aanhaken, want dat [was bij ons|speelde bij ons] ook, [precies zo|heel erg].",
    "Ja, en dat is [niet alleen bij u zo|echt niet uniek], hoor. Dat hoor ik [overal|van iedereen].",
    "Mm, [ja|klopt]. Dat was voor ons [ook het grootste probleem|ook het moeilijkste], eerlijk gezegd.",
    "Wat zij zegt, dat [heb ik ook|hebben wij ook] [gehad|meegemaakt]. [Precies hetzelfde.|Een-op-een.]",
    "Dat [zie|merk] ik in mijn werk ook [elke week|steeds weer], [precies dat|dat patroon].",
    "Ja, dat is [het|echt het] punt. Daar [gaat|ging] het [bij ons|steeds] mis.",
    "Sorry dat ik [erdoorheen praat|onderbreek], maar dat [herken ik zo|is zo waar]. Bij ons ook.",
    "Klopt. [Daar liepen wij ook tegenaan|Daar zijn wij ook op vastgelopen], [meerdere keren|steeds weer].",
]

# Near misses: neutral remarks that use a bottleneck's own words for
# something that went well or is beside the point.
NEAR_MISSES: list[T] = [
    ("OP", "Het overleg tussen [de huisarts|school] en het buurtteam [liep|loopt] [bij ons|gelukkig] [juist|heel] goed."),
    ("O", "Iedereen wist van elkaar wat ze deden, dat [was fijn|scheelde veel]."),
    ("OJ", "Ik [mocht|kon] zelf [meebeslissen|de doelen kiezen], en dat [werkte echt|gaf rust]."),
    ("O", "Bij het keukentafelgesprek [mocht ik|konden we] [alles zeggen|gewoon vertellen wat we wilden]."),
    ("*", "We hoefden [gelukkig|eigenlijk] niet lang te wachten, [binnen twee weken|na een week] was er [iemand|een intake]."),
    ("O", "De wachtkamer bij de jeugdarts is [trouwens|wel] [heel gezellig|mooi opgeknapt]."),
    ("OJ", "We hebben [al twee jaar|al jaren] dezelfde [gezinsvoogd|hulpverlener], en dat is [goud waard|heel fijn]."),
    ("P", "Ons team is [gelukkig|nu] [stabiel|compleet], [er is al een jaar niemand vertrokken|iedereen blijft]."),
    ("OJ", "Ik hoefde mijn verhaal [maar één keer|gelukkig niet steeds opnieuw] te vertellen, [het stond allemaal in het dossier|ze hadden alles doorgegeven]."),
    ("P", "We verwijzen [soms|af en toe] door naar [de ggz|een specialist], en dan [loopt dat|gaat dat] [prima|soepel]."),
    ("O", "De schulden zijn [inmiddels|bijna] afgelost, [dat scheelt zoveel|ik slaap weer]."),
    ("O", "We hebben [eindelijk|sinds kort] een [grotere woning|eigen huis] in {plek}, met een tuin voor de kinderen."),
    ("*", "Veilig Thuis [heeft|had] [ons|mij] [goed|echt] geholpen met [een plan|advies], [dat was|dat voelde] [prettig|steunend]."),
    ("O", "{Kind} [logeert|gaat] [één weekend per maand|soms] bij [een gastgezin|oma], [dat vindt ze leuk|dat is juist fijn]."),
    ("L", "De samenwerking tussen school en [het buurtteam|de jeugdarts] [is|was] [bij ons|dit jaar] [echt goed|heel prettig]."),
    ("OJ", "Op school [hielpen ze|denken ze] [heel goed|echt] mee met [de behandeling|de afspraken]."),
]

QUESTIONS: list[str] = [
    "Kunt u daar [wat meer|iets meer] over vertellen?",
    "Hoe [ging|verliep] het contact met [school|het buurtteam|de gemeente|de hulpverlening]?",
    "Wie [waren er|was er] [toen|op dat moment] [allemaal|nog meer] betrokken?",
    "Wat had [u|je] [op dat moment|toen] [nodig gehad|het meest nodig]?",
    "Herkennen [de anderen|jullie] dat?",
    "Welke rol [had|speelde] [de school|de huisarts|het wijkteam|de gemeente] daarin?",
    "Als [u|je] één ding [mocht|kon] veranderen, wat zou dat zijn?",
    "Laten we [even|nog] [een rondje doen|verder gaan met de volgende vraag].",
    "En vanuit [de hulpverlening|school|de gemeente], hoe [kijkt u daarnaar|ziet u dat]?",
    "Wat [werkte|ging] er [wel goed|juist goed]?",
    "Ik wil [even|nog even] terugkomen op wat [u|je] [net|eerder] zei over [school|de hulpverlener|de gemeente|het buurtteam].",
    "Hoe oud was [uw kind|uw zoon|uw dochter|je] toen?",
    "Hoe [voelde|was] dat voor [u|jou|jullie]?",
    "En wat gebeurde er [daarna|toen]?",
    "Zijn er nog [anderen|mensen] die [daar iets over willen zeggen|willen reageren]?",
    "We hebben nog [een kwartier|twintig minuten|een half uur], dan gaan we afronden.",
    "Ik hoor [u|je] zeggen dat [het|dat] [lastig|moeilijk] was, [klopt dat|begrijp ik dat goed]?",
    "Wat betekende dat voor [de kinderen|uw gezin|jou]?",
    "Had [u|je] [toen|op dat moment] [een vaste contactpersoon|contact met het wijkteam|contact met de mentor]?",
    "Hoe [bent u|ben je] eigenlijk bij [het buurtteam|de jeugdhulp|de ggz] terechtgekomen?",
    "Wat [zou|kan] de gemeente [hier|daarin] volgens [u|jullie] [beter|anders] doen?",
    "Mag ik [even|nog] doorvragen? Wat bedoelt u precies met [dat laatste|die opmerking]?",
    "Hoe [lang|vaak] [had u|had je] [toen|in die periode] contact met [de hulpverlener|school|de huisarts]?",
    "Wie van jullie wil [hierop|daarop] [reageren|als eerste reageren]?",
    "[Zou u|Zou je] een voorbeeld kunnen geven?",
    "Hoe [kijken jullie|kijkt u] [als professionals|vanuit het werk] naar wat hier [gezegd wordt|net gezegd is]?",
]

WELCOME = (
    "[Welkom|Goedemiddag] allemaal, [fijn dat jullie er zijn|dank dat jullie gekomen zijn]."
    " [Laten we beginnen met een korte voorstelronde.|Wie wil er beginnen met zich voor te stellen?]"
)
ACKNOWLEDGEMENTS = [
    "[Dank je wel|Dank u wel|Dank je] [daarvoor|voor het delen].",
    "Oké, dat is [helder|duidelijk].",
    "Dat is een [belangrijk|waardevol] punt, [dank je|dank u].",
    "Ik schrijf het even op.",
    "Mm, ja. [Ik begrijp het|Helder].",
]
ENCOURAGEMENTS = [
    "Neem gerust de tijd.",
    "Er is geen goed of fout antwoord.",
    "Alles mag [hier|vandaag] gezegd worden.",
    "[Iedereen|Wie wil] mag [reageren|inhaken], hoor.",
]
OPENERS = ["Eh,", "Nou,", "Ja,", "Ja nee,", "Kijk,", "Ehm,", "Weet je,", "Nou ja,", "Oké,", "Ja, ja,", "Hm,", "Nee, maar"]
TAILS = [
    "Dus ja.",
    "Ja. Dat is het eigenlijk.",
    "Maar goed.",
    "En ja, [daar zit je dan|wat doe je dan].",
    "Ik weet het niet, het is gewoon...",
    "Zo ging dat.",
    "[Begrijp je?|Snapt u?|Weet je wel?]",
    "Nou ja, en verder...",
    "Dat [vond ik wel|was echt] [zwaar|lastig|moeilijk].",
    "Dat [zit me nog steeds|blijft me] [dwars|bij].",
]
FILLERS = [  # one sentence each, for turns that are still too short
    "Dat [vond ik echt|was echt] heel [zwaar|moeilijk], eerlijk gezegd.",
    "Ik weet niet of ik het goed uitleg, maar zo voelde het.",
    "Dat is eigenlijk wel het hele verhaal, zo ongeveer.",
]
LONG_OPENERS = ["Nou, als ik heel eerlijk ben,", "Ja, weet je, eerlijk gezegd,", "Kijk, om het maar even te zeggen,"]
CONNECTORS = ["En", "En ja,", "Maar ook:", "En dan nog:", "Plus", "En verder,", "Ja, en"]

# fmt: on

_BRACKETS = re.compile(r"\[([^\[\]]*)\]")
_SENTENCE_END = re.compile(r"[.?!…]+(?:\s|$)")


class _Slots(dict):  # type: ignore[type-arg]
    """Fills ``{slot}`` / ``{Slot}`` / ``{slot2}``: same key, same value; numbered keys differ."""

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self._rng = rng
        self._values: dict[str, str] = {}

    def __missing__(self, key: str) -> str:
        canonical = key.lower()
        if canonical not in self._values:
            base = canonical.rstrip("0123456789")
            taken = {v for k, v in self._values.items() if k.rstrip("0123456789") == base}
            options = [v for v in SLOTS[base] if v not in taken] or SLOTS[base]
            self._values[canonical] = self._rng.choice(options)
        value = self._values[canonical]
        return value[0].upper() + value[1:] if key[0].isupper() else value


def _fill(template: str, slots: _Slots, rng: random.Random) -> str:
    text = _BRACKETS.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    return text.format_map(slots)


def _lower_first(sentence: str) -> str:
    if not sentence or sentence.startswith(_PROPER):
        return sentence
    return sentence[0].lower() + sentence[1:]


def _words(text: str) -> int:
    return len(text.split())


def _sentences(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text)))


def _allowed(perspectives: str, perspective: str) -> bool:
    return perspectives == "*" or perspective in perspectives


# --------------------------------------------------------------------------
# Documents


@dataclass
class _Participant:
    speaker: str
    perspective: str


def _cast(rng: random.Random) -> list[_Participant]:
    size = rng.choice([2, 3, 4, 4, 5, 5, 6])
    perspectives = [rng.choice("OJ")]  # every session has a parent or young person
    perspectives.append(rng.choice("PL"))
    keys = list(PERSPECTIVE_WEIGHTS)
    weights = list(PERSPECTIVE_WEIGHTS.values())
    while len(perspectives) < size:
        perspectives.append(rng.choices(keys, weights)[0])
    roles = [rng.choice(ROLES[p]) for p in perspectives]
    counts = Counter(roles)
    seen: Counter[str] = Counter()
    cast = []
    for role, perspective in zip(roles, perspectives, strict=True):
        seen[role] += 1
        label = f"{role} {seen[role]}" if counts[role] > 1 else role
        cast.append(_Participant(label, perspective))
    return cast


def _pick_speaker(
    rng: random.Random, cast: list[_Participant], bottlenecks: list[str], previous: str | None
) -> _Participant:
    weights = []
    for member in cast:
        weight = 1.0
        for bottleneck in bottlenecks:
            own = sum(1 for p, _ in TEMPLATES[bottleneck] if _allowed(p, member.perspective))
            weight *= own
        if member.speaker == previous:
            weight *= 0.15
        weights.append(weight)
    return rng.choices(cast, weights)[0]


def _fragments(
    rng: random.Random, bottleneck: str, perspective: str, count: int, slots: _Slots
) -> list[str]:
    pool = [text for p, text in TEMPLATES[bottleneck] if _allowed(p, perspective)]
    chosen = rng.sample(pool, min(count, len(pool)))
    return [_fill(text, slots, rng) for text in chosen]


def _neutral_sentence(rng: random.Random, perspective: str, slots: _Slots) -> str:
    pool = [text for p, text in NEUTRAL if _allowed(p, perspective)]
    return _fill(rng.choice(pool), slots, rng)


def _add_background(
    rng: random.Random, parts: list[tuple[str, bool]], perspective: str, slots: _Slots
) -> None:
    if rng.random() < BACKGROUND_SHARE:
        pool = [text for p, text in BACKGROUND if _allowed(p, perspective)]
        if pool:
            where = rng.randint(0, min(1, len(parts)))
            parts.insert(where, (_fill(rng.choice(pool), slots, rng), False))


def _assemble(
    rng: random.Random,
    parts: list[tuple[str, bool]],
    extras: list[str],
    opener: bool = True,
) -> str:
    """Joins ``(sentence, required)`` parts within the limits of a turn.

    Optional parts are dropped from the end until the turn fits; required ones
    (the sentences that carry a label) always stay. ``extras`` (tails, side
    remarks) are added when the turn is too short, and now and then anyway.
    """
    parts = list(parts)

    def fits(candidate: list[tuple[str, bool]]) -> bool:
        text = " ".join(t for t, _ in candidate)
        return (
            _words(text) <= MAX_WORDS - 2 and _sentences(text) <= MAX_SENTENCES
        )  # room for an opener

    while not fits(parts):
        optional = [i for i, (_, required) in enumerate(parts) if not required]
        if not optional:
            break
        del parts[optional[-1]]
    for extra in extras:
        if any(extra[:20] == t[:20] for t, _ in parts):
            continue
        short = _words(" ".join(t for t, _ in parts)) < MIN_WORDS
        if (short or rng.random() < 0.3) and fits([*parts, (extra, False)]):
            parts.append((extra, False))
    for filler in rng.sample(FILLERS, len(FILLERS)):
        if _words(" ".join(t for t, _ in parts)) >= MIN_WORDS:
            break
        filler = _BRACKETS.sub(lambda m: rng.choice(m.group(1).split("|")), filler)
        if fits([*parts, (filler, False)]):
            parts.append((filler, False))
    texts = [t for t, _ in parts]
    if _words(" ".join(texts)) < MIN_WORDS:  # no room for another sentence
        texts[0] = f"{rng.choice(LONG_OPENERS)} {_lower_first(texts[0])}"
    elif opener and rng.random() < 0.45:
        texts[0] = f"{rng.choice(OPENERS)} {_lower_first(texts[0])}"
    return " ".join(texts)


def _bottleneck_turn(rng: random.Random, labels: list[str], member: _Participant) -> str:
    slots = _Slots(rng)
    spare = _fragments(rng, labels[0], member.perspective, 6, slots)  # distinct templates
    if len(labels) == 1:
        count = rng.choices([1, 2, 3], [0.4, 0.45, 0.15])[0]
        found, spare = spare[:count], spare[count:]
        parts = [(text, i == 0) for i, text in enumerate(found)]
    else:
        count = rng.choice([1, 1, 2])
        found, spare = spare[:count], spare[count:]
        second = _fragments(rng, labels[1], member.perspective, 1, slots)[0]
        parts = [(text, i == 0) for i, text in enumerate(found)]
        parts.append((f"{rng.choice(CONNECTORS)} {_lower_first(second)}", True))
    if rng.random() < 0.2:
        parts.insert(0, (_neutral_sentence(rng, member.perspective, slots), False))
    _add_background(rng, parts, member.perspective, slots)
    extras = [
        _fill(rng.choice(TAILS), slots, rng),
        _neutral_sentence(rng, member.perspective, slots),
    ]
    rng.shuffle(extras)
    extras += spare  # only needed when the turn is still too short
    return _assemble(rng, parts, extras)


def _echo_turn(rng: random.Random, label: str, member: _Participant) -> str:
    slots = _Slots(rng)
    parts = [(_fill(rng.choice(ECHOES), slots, rng), True)]
    if rng.random() < 0.4:  # sometimes with a weak hint of the topic
        vague = [text for p, text in TEMPLATES[label][-VAGUE:] if _allowed(p, member.perspective)]
        hint = _fill(rng.choice(vague), slots, rng) if vague else ""
        if hint and _sentences(f"{parts[0][0]} {hint}") <= MAX_SENTENCES:
            parts.append((hint, True))
    extras = [
        _fill(rng.choice(TAILS), slots, rng),
        _neutral_sentence(rng, member.perspective, slots),
    ]
    return _assemble(rng, parts, extras, opener=False)


def _neutral_turn(rng: random.Random, member: _Participant) -> str:
    slots = _Slots(rng)
    count = rng.choices([1, 2, 3], [0.45, 0.4, 0.15])[0]
    pool = [text for p, text in NEUTRAL + LOGISTICS if _allowed(p, member.perspective)]
    texts = [_fill(text, slots, rng) for text in rng.sample(pool, count)]
    if rng.random() < NEAR_MISS_SHARE:
        near = [text for p, text in NEAR_MISSES if _allowed(p, member.perspective)]
        texts[rng.randint(0, len(texts) - 1)] = _fill(rng.choice(near), slots, rng)
    parts = [(text, i == 0) for i, text in enumerate(texts)]
    _add_background(rng, parts, member.perspective, slots)
    extras = [
        _fill(rng.choice(TAILS), slots, rng),
        _neutral_sentence(rng, member.perspective, slots),
    ]
    return _assemble(rng, parts, extras)


def _question(rng: random.Random, opening: bool = False) -> str:
    slots = _Slots(rng)
    parts = [_fill(rng.choice(QUESTIONS), slots, rng)]
    if opening:
        parts = [_fill(WELCOME, slots, rng)]
    elif rng.random() < 0.4:
        parts.insert(0, _fill(rng.choice(ACKNOWLEDGEMENTS), slots, rng))
    if _words(" ".join(parts)) < MIN_WORDS:
        parts.append(_fill(rng.choice(ENCOURAGEMENTS), slots, rng))
    if _words(" ".join(parts)) < MIN_WORDS:
        parts.insert(0, _fill(rng.choice(ACKNOWLEDGEMENTS), slots, rng))
    return " ".join(parts)


def _document(
    rng: random.Random,
    turns: int,
    focus: list[str],
    neutral_share: float,
    multi_share: float,
) -> list[LabelledTurn]:
    cast = _cast(rng)
    n_neutral = min(turns, round(turns * neutral_share))
    n_multi = min(turns - n_neutral, round(turns * multi_share))
    kinds = (
        ["neutral"] * n_neutral + ["multi"] * n_multi + ["single"] * (turns - n_neutral - n_multi)
    )
    rng.shuffle(kinds)
    if "neutral" in kinds and kinds[0] != "neutral":  # the gespreksleider opens
        j = kinds.index("neutral")
        kinds[0], kinds[j] = kinds[j], kinds[0]
    # Focus weights: documents dwell on some topics more than others.
    weights = [rng.uniform(0.5, 2.0) for _ in focus]
    others = [b for b in BOTTLENECKS if b not in focus]

    def topic(exclude: str | None = None) -> str:
        if others and rng.random() < 0.08:
            return rng.choice([b for b in others if b != exclude])
        choices = [(b, w) for b, w in zip(focus, weights, strict=True) if b != exclude]
        return rng.choices([b for b, _ in choices], [w for _, w in choices])[0]

    result: list[LabelledTurn] = []
    previous: str | None = None
    for position, kind in enumerate(kinds):
        if kind == "neutral":
            if position == 0 or (previous != LEADER and rng.random() < 0.5):
                speaker, text = LEADER, _question(rng, opening=position == 0)
            else:
                member = _pick_speaker(rng, cast, [], previous)
                speaker, text = member.speaker, _neutral_turn(rng, member)
            labels: list[str] = []
        elif kind == "single" and result and result[-1].labels and rng.random() < ECHO_SHARE:
            member = _pick_speaker(rng, cast, [], result[-1].speaker)
            labels = [rng.choice(sorted(result[-1].labels))]
            speaker, text = member.speaker, _echo_turn(rng, labels[0], member)
        else:
            labels = [topic()]
            if kind == "multi":
                labels.append(topic(exclude=labels[0]))
            member = _pick_speaker(rng, cast, labels, previous)
            speaker, text = member.speaker, _bottleneck_turn(rng, labels, member)
        result.append(LabelledTurn(speaker, text, frozenset(labels)))
        previous = speaker
    return result


def generate(
    documents: int = 50,
    turns_per_document: int = 100,
    seed: int = 13,
    neutral_share: float = 0.45,
    multi_share: float = 0.1,
) -> list[list[LabelledTurn]]:
    """``documents`` transcripts of ``turns_per_document`` labelled turns each.

    ``neutral_share`` of the turns carry no label (questions of the
    gespreksleider and neutral remarks), ``multi_share`` of all turns carry
    two labels, the rest one. Each document focuses on 3-5 bottlenecks (chosen
    so that every bottleneck is a focus about equally often) and touches the
    others now and then. Same arguments, same corpus.
    """
    master = random.Random(seed)
    usage: Counter[str] = Counter()
    corpus = []
    for index in range(documents):
        size = master.randint(3, 5)
        order = sorted(BOTTLENECKS, key=lambda b: (usage[b], master.random()))
        focus = order[:size]
        usage.update(focus)
        rng = random.Random(f"{seed}:{index}:{master.random()}")
        corpus.append(_document(rng, turns_per_document, focus, neutral_share, multi_share))
    return corpus


def write_txt(document: list[LabelledTurn]) -> str:
    """The document as "Speaker: text" lines, one turn per line."""
    return "".join(f"{turn.speaker}: {turn.text}\n" for turn in document)


if __name__ == "__main__":  # a quick look: python benchmarks/labelled_corpus.py
    sample = generate(documents=1, turns_per_document=25)[0]
    for turn in sample:
        labels = ", ".join(sorted(turn.labels)) or "-"
        print(f"[{labels}]\n{turn.speaker}: {turn.text}\n")
