package batch

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/continuum-screening/continuum/internal/defs"
	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func TestIdentifyingColumn(t *testing.T) {
	for name, want := range map[string]string{
		// KoboToolbox metadata
		"_uuid": KindMetadata, "_id": KindMetadata, "_submission_time": KindMetadata, "_submitted_by": KindMetadata,
		"start": KindMetadata, "end": KindMetadata, "today": KindMetadata, "deviceid": KindMetadata,
		"phonenumber": KindMetadata, "username": KindMetadata, "_geolocation": KindMetadata,
		"meta/instanceID": KindMetadata, "formhub/uuid": KindMetadata, "_validation_status": KindMetadata,
		"_notes": KindMetadata, "_tags": KindMetadata, "audit_URL": KindMetadata,
		// ODK Central metadata
		"SubmissionDate": KindMetadata, "SubmitterID": KindMetadata, "SubmitterName": KindMetadata,
		"KEY": KindMetadata, "meta-instanceID": KindMetadata, "DeviceID": KindMetadata, "instanceID": KindMetadata,
		// English
		"Name": KindName, "group_a/first_name": KindName, "Surname": KindName, "employer name": KindName,
		"Phone": KindPhone, "mobile": KindPhone, "Telephone number": KindPhone,
		"E-mail": KindEmail, "email_address": KindEmail, "mail": KindEmail,
		"address": KindAddress, "home_address": KindAddress, "_gps_latitude": KindLocation, "Postcode": KindAddress,
		"date_of_birth": KindBirth, "DOB": KindBirth, "birthdate": KindBirth,
		"passport_no": KindDocument, "document number": KindDocument, "ID number": KindDocument, "national_id": KindDocument,
		"timestamp": KindTime, "interview_date": KindTime, "employer": KindEmployer, "village": KindLocation,
		// Accents and case folded
		"Prénom": KindName, "PRÉNOM": KindName, "Téléphone": KindPhone, "Dirección": KindAddress,
		"Date de naissance": KindBirth, "Numéro de téléphone": KindPhone, "Employeur": KindEmployer,
		// The other shipped languages and their scripts
		"nombre_completo": KindName, "apellidos": KindName, "fecha_nacimiento": KindBirth, "pasaporte": KindDocument, // es
		"nome": KindName, "telefone": KindPhone, "endereço": KindAddress, "empregador": KindEmployer, // pt
		"nume": KindName, "prenume": KindName, "telefon": KindPhone, "adresă": KindAddress, "data nașterii": KindBirth, "CNP": KindDocument, "angajator": KindEmployer, "localitate": KindLocation, // ro
		"imię": KindName, "nazwisko": KindName, "data urodzenia": KindBirth, "PESEL": KindDocument, "pracodawca": KindEmployer, "miejscowość": KindLocation, // pl
		"имя": KindName, "Фамилия": KindName, "телефон": KindPhone, "адрес": KindAddress, "дата рождения": KindBirth, "паспорт": KindDocument, "работодатель": KindEmployer, // ru
		"ім'я": KindName, "прізвище": KindName, "адреса": KindAddress, "дата народження": KindBirth, "роботодавець": KindEmployer, "місто": KindLocation, // uk
		"име": KindName, "ЕГН": KindDocument, "работодател": KindEmployer, "лична карта": KindDocument, // bg
		"emri": KindName, "mbiemri": KindName, "datëlindja": KindBirth, "letërnjoftimi": KindDocument, "punëdhënësi": KindEmployer, "fshati": KindLocation, // sq
		"Họ và tên": KindName, "số điện thoại": KindPhone, "địa chỉ": KindAddress, "ngày sinh": KindBirth, "hộ chiếu": KindDocument, "công ty": KindEmployer, // vi
		"الاسم": KindName, "رقم الهاتف": KindPhone, "العنوان": KindAddress, "تاريخ الميلاد": KindBirth, "جواز السفر": KindDocument, "صاحب العمل": KindEmployer, "القرية": KindLocation, // ar
	} {
		got, ok := IdentifyingColumn(name)
		if !ok || got != want {
			t.Errorf("IdentifyingColumn(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"id", "_index", "sector", "period", "language", "danger", "long-hours", "group_work/pay_problem",
		"promise-differs", "under-18", "_status", "__version__", "documents-kept", "threat-report", "Status", "ReviewState",
		"Edits", "FormVersion", "AttachmentsPresent", "AttachmentsExpected", "lang", "secteur", "sector_code"} {
		if k, ok := IdentifyingColumn(name); ok {
			t.Errorf("IdentifyingColumn(%q) = %q; want not identifying", name, k)
		}
	}
	for _, name := range []string{"_index", "__version__", "_status", "Status", "ReviewState", "Edits", "FormVersion", "AttachmentsPresent", "AttachmentsExpected"} {
		if harmless, _ := PlatformColumn(name); !harmless {
			t.Errorf("PlatformColumn(%q): not known as platform metadata", name)
		}
	}
	if _, row := PlatformColumn("_index"); !row {
		t.Error("_index is a row number")
	}
}

func TestIdentifyingValue(t *testing.T) {
	for v, want := range map[string]string{
		"someone@example.org": KindEmail, "someone＠example.org": KindEmail, "someone(at)example.org": KindEmail,
		"someone [at] example [dot] org": KindEmail, "someone(AT)example(DOT)org": KindEmail,
		"+40 721 000 000": KindPhone, "0721-000-000": KindPhone, "0721–000–000": KindPhone, "0721—000—000": KindPhone,
		"tel:+40721000000": KindPhone, "TEL:0721000000": KindPhone, "０７２１０００００００": KindPhone, "+٤٠٧٢١٠٠٠٠٠٠": KindPhone,
		"۰۷۲۱۰۰۰۰۰۰": KindPhone, "0049301234567": KindPhone, "0612345678": KindPhone,
		"RO49AAAA1B31007593840000": KindBank, "DE89 3704 0044 0532 0130 00": KindBank, "GB82WEST12345698765432": KindBank,
		"1990-05-17": KindDate, "17/05/1990": KindDate, "05/17/1990": KindDate, "17.05.1990": KindDate, "17-05-90": KindDate,
		"17 May 1990": KindDate, "17-May-1990": KindDate, "May 17, 1990": KindDate, "19900517": KindDate, "1990-05-17T10:00:00Z": KindDate,
		"١٧/٠٥/١٩٩٠": KindDate, "１９９０-０５-１７": KindDate,
		"44.4268, 26.1025": KindLocation, "44.4268 26.1025 0 5": KindLocation, "-33.8688,151.2093": KindLocation, "44°25'36.5\"N 26°06'09.0\"E": KindLocation,
		"123-45-6789": KindDocument, "1900101123456": KindDocument, "AB1234567": KindDocument, "QQ123456C": KindDocument, "C12345678": KindDocument,
		"123456789":             KindDocument,
		"she works at the farm": KindFreeText, strings.Repeat("x", 65): KindFreeText,
	} {
		if got, ok := IdentifyingValue(v); !ok || got != want {
			t.Errorf("IdentifyingValue(%q) = %q, %v; want %q", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "yes", "dont-know", "1", "r0000001", "R0000001", "s01", "1234567", "agriculture", "2030-Q1", "2030-01",
		"2030", "a@b", "two words", "at", "1.1.0", "44.4268", "12.5", "construction", "DE89", "A1B2C3", "q1-2030"} {
		if k, ok := IdentifyingValue(v); ok {
			t.Errorf("IdentifyingValue(%q) = %q; want not identifying", v, k)
		}
	}
}

// The word lists load, and every word is reachable after folding.
func TestWordListsLoad(t *testing.T) {
	w := loadWords()
	if len(w.kinds) != len(kindNames) || len(w.metadata) < 40 {
		t.Fatalf("kinds %d, metadata %d", len(w.kinds), len(w.metadata))
	}
	for _, k := range w.kinds {
		for word := range k.wordSet {
			if got, ok := IdentifyingColumn(word); !ok {
				t.Errorf("word %q of %s is not found", word, k.kind)
			} else if got != k.kind {
				t.Logf("word %q of %s is found as %s first", word, k.kind, got)
			}
		}
	}
}

func shipped(t testing.TB) *q.Form {
	t.Helper()
	f, err := testdefs.Form()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func readAll(t testing.TB, o *Options, data string) (recs []*Record, errs []error, err error) {
	rd, err := Open("in.csv", strings.NewReader(data), o)
	if err != nil {
		return nil, nil, err
	}
	for {
		rec, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return recs, errs, nil
		}
		var re *RecordError
		if errors.As(err, &re) {
			errs = append(errs, err)
			continue
		}
		if err != nil {
			return recs, errs, err
		}
		if _, err := o.Check(rec); err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, rec)
	}
}

func TestCSVReader(t *testing.T) {
	form := shipped(t)
	o := &Options{Form: form}
	in := "\ufeffid;danger;\"long-hours\"\r\n\"a\";no;\"yes\"\r\nb;;dont-know\r\n\r\nc;maybe;no\r\nd;no\r\ne;someone@example.org;no\n"
	recs, errs, err := readAll(t, o, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].ID != "a" || recs[0].Line != 2 || recs[1].Line != 3 {
		t.Fatalf("records = %+v", recs)
	}
	if got := recs[0].Values[form.Question("long-hours").Index]; got != q.Yes {
		t.Errorf("long-hours = %q", got)
	}
	want := []string{
		`in.csv:5: column "danger": not a valid choice`,
		`in.csv:6: wrong number of fields`,
		`in.csv:7: column "danger": the answer looks like an e-mail address`,
	}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v", errs)
	}
	for i, w := range want {
		if !strings.HasPrefix(errs[i].Error(), w) {
			t.Errorf("error %d = %q; want prefix %q", i, errs[i], w)
		}
		if strings.Contains(errs[i].Error(), "maybe") || strings.Contains(errs[i].Error(), "example.org") {
			t.Errorf("error %d quotes a value: %q", i, errs[i])
		}
	}
}

func TestCSVUnclosedQuoteIsBounded(t *testing.T) {
	form := shipped(t)
	var b bytes.Buffer
	b.WriteString("id,danger\na,\"no\n")
	for b.Len() < 3*MaxLine {
		b.WriteString("x,no\n")
	}
	rd, err := Open("in.csv", &b, &Options{Form: form})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rd.Next()
	var re *RecordError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "reading stopped here") {
		t.Fatalf("err = %v; want a record error that stops reading", err)
	}
	if _, err := rd.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the stop: %v; want EOF", err)
	}
}

func TestCSVHeaderRefusesIdentifying(t *testing.T) {
	form := shipped(t)
	_, err := Open("in.csv", strings.NewReader("id,Name,danger,_uuid\n"), &Options{Form: form})
	if err == nil || !strings.Contains(err.Error(), `column "Name": its name suggests a name`) || !strings.Contains(err.Error(), `column "_uuid"`) {
		t.Fatalf("err = %v", err)
	}
	var warned []string
	o := &Options{Form: form, DropIdentifying: true, Warn: func(m string) { warned = append(warned, m) }}
	recs, errs, err := readAll(t, o, "id,Name,danger\nr1,Someone Example,no\n")
	if err != nil || len(errs) > 0 || len(recs) != 1 || len(warned) != 1 {
		t.Fatalf("recs=%v errs=%v err=%v warned=%v", recs, errs, err, warned)
	}
}

// A column the mapping reads as an answer is judged by its values, not its
// name: export names with passport, phone or time in them, and every
// English question label as a column (a label export), are read, with or
// without --drop-identifying, and score the same.
func TestAnswerColumnsJudgedByValues(t *testing.T) {
	form := shipped(t)
	mapping := "kind: answer-map\nform: continuum-core\nversion: 1.1.0\nid: _index\ncolumns:\n" +
		"  passport_taken: documents-kept\n  phone_taken: movement-limits\n  overtime_time: long-hours\n  g/employer_debt: debt-trap\n"
	m, err := LoadMapping("map.yaml", []byte(mapping), form)
	if err != nil {
		t.Fatal(err)
	}
	in := "_index,passport_taken,phone_taken,overtime_time,g/employer_debt\n1,yes,no,yes,no\n2,no,yes,dont-know,yes\n3,+40 721 000 000,no,no,no\n"
	var first [][]string
	for _, drop := range []bool{false, true} {
		var warned []string
		o := &Options{Form: form, Map: m, DropIdentifying: drop, Warn: func(s string) { warned = append(warned, s) }}
		recs, errs, err := readAll(t, o, in)
		if err != nil {
			t.Fatalf("drop=%v: %v", drop, err)
		}
		if len(warned) > 0 {
			t.Errorf("drop=%v: answer columns dropped: %v", drop, warned)
		}
		if len(recs) != 2 || len(errs) != 1 {
			t.Fatalf("drop=%v: %d records, errors %v", drop, len(recs), errs)
		}
		if msg := errs[0].Error(); !strings.Contains(msg, `column "passport_taken": the answer looks like a phone number`) || strings.Contains(msg, "721") {
			t.Errorf("drop=%v: %q", drop, msg)
		}
		var vals [][]string
		for _, r := range recs {
			vals = append(vals, r.Values)
		}
		if first == nil {
			first = vals
		} else if fmt.Sprint(first) != fmt.Sprint(vals) {
			t.Errorf("--drop-identifying changed the answers read")
		}
		if got := recs[0].Values[form.Question("documents-kept").Index]; got != q.Yes {
			t.Errorf("documents-kept = %q; want yes", got)
		}
	}

	// A label export: the English question texts as column names.
	b, err := defs.ShippedBundle()
	if err != nil {
		t.Fatal(err)
	}
	en := b.Localizer("en")
	var cols, ids []string
	tripped := 0
	for _, qq := range form.Questions {
		label := en.T(qq.TextID())
		if _, bad := IdentifyingColumn(label); bad {
			tripped++
		}
		cols = append(cols, label)
		ids = append(ids, qq.ID)
	}
	if tripped < 7 {
		t.Fatalf("only %d labels look identifying by name; the test needs the hard case", tripped)
	}
	var mb strings.Builder
	mb.WriteString("kind: answer-map\nform: continuum-core\nversion: 1.1.0\nid: record\ncolumns:\n")
	var head []string
	head = append(head, "record")
	for i, c := range cols {
		fmt.Fprintf(&mb, "  %q: %s\n", c, ids[i])
		head = append(head, `"`+strings.ReplaceAll(c, `"`, `""`)+`"`)
	}
	lm, err := LoadMapping("labels.yaml", []byte(mb.String()), form)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open("labels.csv", strings.NewReader(strings.Join(head, ",")+"\n"), &Options{Form: form, Map: lm}); err != nil {
		t.Errorf("a label export refused: %v", err)
	}
}

// The record id and the grouping columns must be anonymous by name, and are
// never dropped.
func TestIdentifyingIDAndGroupRefused(t *testing.T) {
	form := shipped(t)
	for _, c := range []struct{ mapping, header, want string }{
		{"id: phone_number\n", "phone_number,danger_now", `column "phone_number": its name suggests a phone number; the record id must be anonymous`},
		{"id: KEY\n", "KEY,danger_now", `column "KEY": its name suggests survey-platform metadata`},
		{"id: _uuid\n", "_uuid,danger_now", `column "_uuid": its name suggests survey-platform metadata`},
		{"id: __version__\n", "__version__,danger_now", `column "__version__": survey-platform metadata, not a record id`},
		{"id: _index\ngroups:\n  employer: sector\n", "_index,danger_now,employer", `column "employer": its name suggests an employer; a grouping must be a coarse category`},
		{"id: _index\ngroups:\n  village: sector\n", "_index,danger_now,village", `column "village": its name suggests a place or position; a grouping`},
		{"id: _index\ngroups:\n  ReviewState: sector\n", "_index,danger_now,ReviewState", `column "ReviewState": its name suggests survey-platform metadata; a grouping`},
	} {
		m, err := LoadMapping("map.yaml", []byte("kind: answer-map\nform: continuum-core\nversion: 1.1.0\n"+c.mapping+"columns:\n  danger_now: danger\n"), form)
		if err != nil {
			t.Fatal(err)
		}
		for _, drop := range []bool{false, true} {
			_, err = Open("in.csv", strings.NewReader(c.header+"\n"), &Options{Form: form, Map: m, DropIdentifying: drop})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s (drop=%v): err = %v; want %q", c.header, drop, err, c.want)
			}
		}
	}
	m, _ := LoadMapping("map.yaml", []byte("kind: answer-map\nform: continuum-core\nversion: 1.1.0\nid: _index\ncolumns:\n  danger_now: danger\n"), form)
	if _, err := Open("in.csv", strings.NewReader("_index,danger_now\n"), &Options{Form: form, Map: m}); err != nil {
		t.Errorf("_index as the id: %v", err)
	}
}

func FuzzIdentifying(f *testing.F) {
	for _, s := range []string{"", "Prénom", "0721–000–000", "tel:+40", "a＠b.c", "RO49AAAA1B31007593840000", "17 May 1990", "44°25'", "44.1 26.1", "AB1234567", "١٧/٠٥/١٩٩٠", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		IdentifyingColumn(s)
		PlatformColumn(s)
		IdentifyingValue(s)
	})
}

// The word lists are read like every definition file: a mistake in them
// names the file, line and field.
func TestParseWordsErrors(t *testing.T) {
	cases := map[string]string{
		"metadata: [a]\nharmless: [b]\nrow_number: [c]\nkinds:\n  - kind: colour\n    words: [red]\n":              "w.yaml:5: kinds[0].kind: found another value; expected one of: address, birth, document, email, employer, location, name, phone, time",
		"metadata: [a]\nharmless: [b]\nrow_number: [c]\nkinds: []\nextra: 1\n":                                     `w.yaml:5: unknown key "extra"; expected one of: metadata, harmless, row_number, kinds`,
		"metadata: a\nharmless: [b]\nrow_number: [c]\nkinds: []\n":                                                 "w.yaml:1: metadata: found text; expected a list of words",
		"harmless: [b]\nrow_number: [c]\nkinds: []\n":                                                              "w.yaml:1: metadata: missing; expected a list of words",
		"metadata: [a]\nharmless: [b]\nrow_number: [c]\nkinds:\n  - kind: email\n    words: [x]\n    words: [y]\n": "w.yaml:7: kinds[0].words: given twice (first at line 6); expected each key once",
	}
	for in, want := range cases {
		_, err := parseWords("w.yaml", []byte(in))
		if err == nil || err.Error() != want {
			t.Errorf("%q:\n got %v\nwant %s", in, err, want)
		}
	}
	if _, err := parseWords("identifying.yaml", identifyingYAML); err != nil {
		t.Error(err)
	}
}
