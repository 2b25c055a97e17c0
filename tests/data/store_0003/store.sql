-- An SQLite store made by the code before house-store (main at ee2f2b1, migration 0003): versions of the
-- kinds inventaris (1, published; 4, a draft), regio (2) and venster (3, checked against 2), imported from the
-- files beside this one. tests/test_store_kinds.py restores it and reads every version back.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0003');
CREATE TABLE datasets (
	name VARCHAR(20) NOT NULL, 
	published_version INTEGER, 
	published_at DATETIME, 
	published_by VARCHAR(320), 
	PRIMARY KEY (name)
);
INSERT INTO "datasets" VALUES('inventaris',1,'2026-12-03 09:16:02.336903','oud');
INSERT INTO "datasets" VALUES('regio',2,'2026-12-03 09:16:03.793266','oud');
INSERT INTO "datasets" VALUES('venster',3,'2026-12-03 09:16:03.839367','oud');
CREATE TABLE publications (
	id INTEGER NOT NULL, 
	dataset VARCHAR(20) NOT NULL, 
	version_id INTEGER NOT NULL, 
	previous_version INTEGER, 
	published_by VARCHAR(320) NOT NULL, 
	published_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(dataset) REFERENCES datasets (name), 
	FOREIGN KEY(version_id) REFERENCES versions (id)
);
INSERT INTO "publications" VALUES(1,'inventaris',1,NULL,'oud','2026-12-03 09:16:02.336903');
INSERT INTO "publications" VALUES(2,'regio',2,NULL,'oud','2026-12-03 09:16:03.793266');
INSERT INTO "publications" VALUES(3,'venster',3,NULL,'oud','2026-12-03 09:16:03.839367');
CREATE TABLE store_info (
	"key" VARCHAR(40) NOT NULL, 
	value VARCHAR(200) NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "store_info" VALUES('database_id','d3311887ff584cbb9df1b8b86fd5aa29');
CREATE TABLE version_rows (
	version_id INTEGER NOT NULL, 
	pos INTEGER NOT NULL, 
	data TEXT NOT NULL, 
	PRIMARY KEY (version_id, pos), 
	FOREIGN KEY(version_id) REFERENCES versions (id)
);
INSERT INTO "version_rows" VALUES(1,0,'{"id":"P1","naam":"Eerste","omschrijving":"","thema":"ouderen","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0363","gemeente_namen":"Amsterdam","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":2}');
INSERT INTO "version_rows" VALUES(1,1,'{"id":"P2","naam":"Project","omschrijving":"","thema":"ggz","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0344;GM0546","gemeente_namen":"Utrecht;Leiden","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":3}');
INSERT INTO "version_rows" VALUES(1,2,'{"id":"P3","naam":"Project","omschrijving":"","thema":"ouderen","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0363","gemeente_namen":"Amsterdam","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":4}');
INSERT INTO "version_rows" VALUES(1,3,'{"id":"P5","naam":"Project","omschrijving":"","thema":"ouderen","fase":"structureel","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0014","gemeente_namen":"Groningen","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":6}');
INSERT INTO "version_rows" VALUES(2,0,'{"gemeente_code":"GM0363","gemeente_naam":"Amsterdam","region_code":"W01","region_naam":"Amsterdam e.o."}');
INSERT INTO "version_rows" VALUES(2,1,'{"gemeente_code":"GM0362","gemeente_naam":"Amstelveen","region_code":"W01","region_naam":"Amsterdam e.o."}');
INSERT INTO "version_rows" VALUES(2,2,'{"gemeente_code":"GM0344","gemeente_naam":"Utrecht","region_code":"W02","region_naam":"Utrecht"}');
INSERT INTO "version_rows" VALUES(2,3,'{"gemeente_code":"GM0546","gemeente_naam":"Leiden","region_code":"W03","region_naam":"Leiden"}');
INSERT INTO "version_rows" VALUES(3,0,'{"region_code":"W01","thema":"ouderen","aspect":"agenda","beoordelaar":"gemeente","score":6.1}');
INSERT INTO "version_rows" VALUES(3,1,'{"region_code":"W02","thema":"ggz","aspect":"resultaten","beoordelaar":"verzekeraar","score":7.5}');
INSERT INTO "version_rows" VALUES(4,0,'{"id":"P1","naam":"Eerste (concept)","omschrijving":"","thema":"ouderen","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0363","gemeente_namen":"Amsterdam","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":2}');
INSERT INTO "version_rows" VALUES(4,1,'{"id":"P2","naam":"Project","omschrijving":"","thema":"ggz","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0344;GM0546","gemeente_namen":"Utrecht;Leiden","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":3}');
INSERT INTO "version_rows" VALUES(4,2,'{"id":"P3","naam":"Project","omschrijving":"","thema":"ouderen","fase":"opstart","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0363","gemeente_namen":"Amsterdam","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":4}');
INSERT INTO "version_rows" VALUES(4,3,'{"id":"P5","naam":"Project","omschrijving":"","thema":"ouderen","fase":"structureel","instrument":"beleid","niveau":"gemeente","gemeente_codes":"GM0014","gemeente_namen":"Groningen","via_regio":false,"regio":"","regio_code":"","zorgverzekeraars":"CZ","zorgverzekeraar_groepen":"cz","startjaar":2016,"jaar":2017,"lat":null,"lon":null,"url":"","contact":"","rij":6}');
CREATE TABLE versions (
	id INTEGER NOT NULL, 
	dataset VARCHAR(20) NOT NULL, 
	sha256 VARCHAR(64) NOT NULL, 
	source VARCHAR(500) NOT NULL, 
	year INTEGER, 
	created_by VARCHAR(320) NOT NULL, 
	created_at DATETIME NOT NULL, 
	note TEXT DEFAULT '' NOT NULL, 
	rows_read INTEGER NOT NULL, 
	rows_accepted INTEGER NOT NULL, 
	rows_rejected INTEGER NOT NULL, 
	report TEXT NOT NULL, meta TEXT DEFAULT '{}' NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_versions_dataset_sha256 UNIQUE (dataset, sha256), 
	FOREIGN KEY(dataset) REFERENCES datasets (name)
);
INSERT INTO "versions" VALUES(1,'inventaris','bdab964044ab54463755d8cf15f757bef152d44e2df94acd4c59c8f02bcbf7fd','inventaris.csv',2017,'oud','2026-12-03 09:16:02.327668','van voor house-store',5,4,1,'{"bron":"inventaris.csv","rows_read":5,"rows_accepted":4,"rows_rejected":1,"rejections":[{"rij":5,"id":"P4","veld":"gemeenten","waarde":"Nergenshuizen","reden":"onbekende gemeente in 2017 (bedoelt u een van de suggesties?)","suggesties":["Huizen"]}],"non_exact_matches":[{"rij":4,"id":"P3","veld":"gemeenten","waarde":"amsterdam","gematcht":"Amsterdam","code":"GM0363","hoe":"normalised"}],"warnings":[],"corrections":[]}','{}');
INSERT INTO "versions" VALUES(2,'regio','8d431dfc986fe868e926645cc72cb322d6d70990dd0612ce0a77b29edfbc59b8','regio.csv',2017,'oud','2026-12-03 09:16:03.791343','',5,4,1,'{"naam":"regio","jaar":2017,"rows_read":5,"rejections":[{"rij":6,"gemeente":"Nergenshuizen","regio":"Leiden","reden":"onbekende gemeente in 2017 (bedoelt u een van de suggesties?)","suggesties":["Huizen"]}],"missing":["Appingedam","Bedum","Bellingwedde","Ten Boer","Delfzijl","Groningen","Grootegast","Haren","Hoogezand-Sappemeer","Leek","Loppersum","Marum","Almere","Stadskanaal","Slochteren","Veendam","Vlagtwedde","Zeewolde","Winsum","Zuidhorn","Dongeradeel","Achtkarspelen","Ameland","het Bildt","Franekeradeel","Harlingen","Heerenveen","Kollumerland en Nieuwkruisland","Leeuwarden","Leeuwarderadeel","Ooststellingwerf","Opsterland","Schiermonnikoog","Smallingerland","Terschelling","Vlieland","Weststellingwerf","Assen","Coevorden","Emmen","Hoogeveen","Meppel","Littenseradiel","Almelo","Borne","Dalfsen","Deventer","Enschede","Haaksbergen","Hardenberg","Hellendoorn","Hengelo","Kampen","Losser","Noordoostpolder","Oldenzaal","Ommen","Raalte","Staphorst","Tubbergen","Urk","Wierden","Zwolle","Rijnwaarden","Aalten","Apeldoorn","Arnhem","Barneveld","Beuningen","Brummen","Buren","Culemborg","Doesburg","Doetinchem","Druten","Duiven","Ede","Elburg","Epe","Ermelo","Geldermalsen","Harderwijk","Hattem","Heerde","Heumen","Lochem","Maasdriel","Nijkerk","Nijmegen","Oldebroek","Putten","Renkum","Rheden","Rozendaal","Scherpenzeel","Tiel","Voorst","Wageningen","Westervoort","Winterswijk","Wijchen","Zaltbommel","Zevenaar","Zutphen","Nunspeet","Dronten","Neerijnen","Amersfoort","Baarn","De Bilt","Bunnik","Bunschoten","Eemnes","Houten","Leusden","Lopik","Montfoort","Renswoude","Rhenen","Soest","Veenendaal","Woudenberg","Wijk bij Duurstede","IJsselstein","Zeist","Nieuwegein","Aalsmeer","Alkmaar","Beemster","Bergen (NH.)","Beverwijk","Blaricum","Bloemendaal","Castricum","Diemen","Edam-Volendam","Enkhuizen","Haarlem","Haarlemmerliede en Spaarnwoude","Haarlemmermeer","Heemskerk","Heemstede","Heerhugowaard","Heiloo","Den Helder","Hilversum","Hoorn","Huizen","Landsmeer","Langedijk","Laren","Medemblik","Oostzaan","Opmeer","Ouder-Amstel","Purmerend","Schagen","Texel","Uitgeest","Uithoorn","Velsen","Weesp","Zandvoort","Zaanstad","Alblasserdam","Alphen aan den Rijn","Barendrecht","Drechterland","Brielle","Capelle aan den IJssel","Delft","Dordrecht","Gorinchem","Gouda","''s-Gravenhage","Hardinxveld-Giessendam","Hellevoetsluis","Hendrik-Ido-Ambacht","Stede Broec","Hillegom","Katwijk","Krimpen aan den IJssel","Leerdam","Leiderdorp","Lisse","Maassluis","Nieuwkoop","Noordwijk","Noordwijkerhout","Oegstgeest","Oud-Beijerland","Binnenmaas","Korendijk","Oudewater","Papendrecht","Ridderkerk","Rotterdam","Rijswijk","Schiedam","Sliedrecht","Cromstrijen","Albrandswaard","Westvoorne","Strijen","Vianen","Vlaardingen","Voorschoten","Waddinxveen","Wassenaar","Woerden","Zoetermeer","Zoeterwoude","Zwijndrecht","Borsele","Goes","West Maas en Waal","Hulst","Kapelle","Middelburg","Giessenlanden","Reimerswaal","Zederik","Terneuzen","Tholen","Veere","Vlissingen","Lingewaal","De Ronde Venen","Tytsjerksteradiel","Aalburg","Asten","Baarle-Nassau","Bergen op Zoom","Best","Boekel","Boxmeer","Boxtel","Breda","Deurne","Pekela","Dongen","Eersel","Eindhoven","Etten-Leur","Geertruidenberg","Gilze en Rijen","Goirle","Grave","Haaren","Helmond","''s-Hertogenbosch","Heusden","Hilvarenbeek","Loon op Zand","Mill en Sint Hubert","Nuenen, Gerwen en Nederwetten","Oirschot","Oisterwijk","Oosterhout","Oss","Rucphen","Sint-Michielsgestel","Someren","Son en Breugel","Steenbergen","Waterland","Tilburg","Uden","Valkenswaard","Veldhoven","Vught","Waalre","Waalwijk","Werkendam","Woensdrecht","Woudrichem","Zundert","Wormerland","Onderbanken","Landgraaf","Beek","Beesel","Bergen (L.)","Brunssum","Gennep","Heerlen","Kerkrade","Maastricht","Meerssen","Mook en Middelaar","Nederweert","Nuth","Roermond","Schinnen","Simpelveld","Stein","Vaals","Venlo","Venray","Voerendaal","Weert","Valkenburg aan de Geul","Lelystad","Horst aan de Maas","Oude IJsselstreek","Teylingen","Utrechtse Heuvelrug","Oost Gelre","Koggenland","Lansingerland","Leudal","Maasgouw","Eemsmond","Gemert-Bakel","Halderberge","Heeze-Leende","Laarbeek","De Marne","Reusel-De Mierden","Roerdalen","Roosendaal","Schouwen-Duiveland","Aa en Hunze","Borger-Odoorn","Cuijk","Landerd","De Wolden","Noord-Beveland","Wijdemeren","Noordenveld","Twenterand","Westerveld","Sint Anthonis","Lingewaard","Cranendonck","Steenwijkerland","Moerdijk","Echt-Susteren","Sluis","Drimmelen","Bernheze","Ferwerderadiel","Alphen-Chaam","Bergeijk","Bladel","Gulpen-Wittem","Tynaarlo","Midden-Drenthe","Overbetuwe","Hof van Twente","Neder-Betuwe","Rijssen-Holten","Geldrop-Mierlo","Olst-Wijhe","Dinkelland","Westland","Midden-Delfland","Berkelland","Bronckhorst","Sittard-Geleen","Kaag en Braassem","Dantumadiel","Zuidplas","Peel en Maas","Oldambt","Zwartewaterland","Súdwest-Fryslân","Bodegraven-Reeuwijk","Eijsden-Margraten","Stichtse Vecht","Menameradiel","Hollands Kroon","Leidschendam-Voorburg","Goeree-Overflakkee","Pijnacker-Nootdorp","Molenwaard","Nissewaard","Krimpenerwaard","De Fryske Marren","Gooise Meren","Berg en Dal","Meierijstad","Montferland","Menterwolde"]}','{}');
INSERT INTO "versions" VALUES(3,'venster','fdae8b3ee8436832f74f4b6345a188384cd567eb6039ef83792ff26e7e0f1c19','venster.csv',2020,'oud','2026-12-03 09:16:03.835312','',3,2,1,'{"bron":"venster.csv","rows_read":3,"rejections":[{"rij":4,"veld":"regio","waarde":"W09","reden":"onbekende regio in deze regio-indeling","suggesties":[]}]}','{"regio_versie":2}');
INSERT INTO "versions" VALUES(4,'inventaris','a01fb4b595151e6c83fb1896a9faada223bad620966dc5a19d9a4f46f812eaf1','concept.csv',2017,'oud','2026-12-03 09:16:03.868647','',5,4,1,'{"bron":"concept.csv","rows_read":5,"rows_accepted":4,"rows_rejected":1,"rejections":[{"rij":5,"id":"P4","veld":"gemeenten","waarde":"Nergenshuizen","reden":"onbekende gemeente in 2017 (bedoelt u een van de suggesties?)","suggesties":["Huizen"]}],"non_exact_matches":[{"rij":4,"id":"P3","veld":"gemeenten","waarde":"amsterdam","gematcht":"Amsterdam","code":"GM0363","hoe":"normalised"}],"warnings":[],"corrections":[]}','{}');
COMMIT;
