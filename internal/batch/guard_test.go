package batch

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/testdefs"
)

func TestIdentifyingColumn(t *testing.T) {
	for name, want := range map[string]string{
		"_uuid": KindMetadata, "_id": KindMetadata, "_submission_time": KindMetadata, "_submitted_by": KindMetadata,
		"start": KindMetadata, "end": KindMetadata, "today": KindMetadata, "deviceid": KindMetadata,
		"phonenumber": KindMetadata, "username": KindMetadata, "_geolocation": KindMetadata,
		"meta/instanceID": KindMetadata, "formhub/uuid": KindMetadata,
		"Name": KindName, "group_a/first_name": KindName, "Surname": KindName, "employer name": KindName,
		"Phone": KindPhone, "mobile": KindPhone, "Telephone number": KindPhone,
		"E-mail": KindEmail, "email_address": KindEmail, "mail": KindEmail,
		"address": KindAddress, "home_address": KindAddress, "_gps_latitude": KindAddress, "Postcode": KindAddress,
		"date_of_birth": KindBirth, "DOB": KindBirth, "birthdate": KindBirth,
		"passport_no": KindDocument, "document number": KindDocument, "ID number": KindDocument, "national_id": KindDocument,
		"timestamp": KindTime, "interview_date": KindTime,
	} {
		got, ok := IdentifyingColumn(name)
		if !ok || got != want {
			t.Errorf("IdentifyingColumn(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"id", "_index", "sector", "period", "language", "danger", "long-hours", "group_work/pay_problem",
		"promise-differs", "under-18", "_status", "__version__", "_validation_status", "documents-kept", "threat-report"} {
		if k, ok := IdentifyingColumn(name); ok {
			t.Errorf("IdentifyingColumn(%q) = %q; want not identifying", name, k)
		}
	}
}

func TestIdentifyingValue(t *testing.T) {
	for v, want := range map[string]string{
		"someone@example.org": KindEmail, "+40 721 000 000": KindPhone, "0721-000-000": KindPhone,
		"0049301234567": KindPhone, "0612345678": KindPhone, "she works at the farm": KindFreeText,
		strings.Repeat("x", 65): KindFreeText,
	} {
		if got, ok := IdentifyingValue(v); !ok || got != want {
			t.Errorf("IdentifyingValue(%q) = %q, %v; want %q", v, got, ok, want)
		}
	}
	for _, v := range []string{"", "yes", "dont-know", "1", "r0000001", "1234567", "agriculture", "2030-Q1", "a@b", "two words"} {
		if k, ok := IdentifyingValue(v); ok {
			t.Errorf("IdentifyingValue(%q) = %q; want not identifying", v, k)
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
