package batch

import (
	"strings"
)

// The anonymity guard. An answer file must be anonymous (domain brief §10):
// columns that identify a person, an interviewer, a device, a place or a
// moment are refused by their names, and cell values that look like an
// e-mail address, a phone number or free text by their shape. Messages name
// the column and the kind, never the value.

// Identifying kinds, as they appear in messages.
const (
	KindMetadata = "survey-platform metadata (submission, device or interviewer identity, exact time)"
	KindName     = "a name"
	KindPhone    = "a phone number"
	KindEmail    = "an e-mail address"
	KindAddress  = "an address or location"
	KindBirth    = "a date of birth"
	KindDocument = "a document number"
	KindTime     = "an exact date or time"
	KindFreeText = "free text"
)

// metadataColumns are KoboToolbox and ODK columns that identify a submission,
// its device, its interviewer or its moment, compared after normalising.
var metadataColumns = map[string]bool{
	"_uuid": true, "uuid": true, "_id": true, "_submission_time": true, "_submitted_by": true,
	"start": true, "end": true, "today": true, "deviceid": true, "device_id": true,
	"phonenumber": true, "username": true, "_geolocation": true, "subscriberid": true,
	"simserial": true, "simid": true, "instanceid": true, "instancename": true,
	"meta_instanceid": true, "formhub_uuid": true, "audit": true, "audit_url": true,
	"_attachments": true, "imei": true, "starttime": true, "endtime": true,
	"enumerator": true, "interviewer": true, "_submissions": true, "rootuuid": true,
	"deprecatedid": true, "_xform_id": true,
}

// tokenKinds flag a column when one of the words of its name is one of these.
var tokenKinds = map[string]string{
	"name": KindName, "names": KindName, "firstname": KindName, "lastname": KindName,
	"surname": KindName, "fullname": KindName, "forename": KindName, "givenname": KindName,
	"familyname": KindName, "nom": KindName, "prenom": KindName, "nombre": KindName,
	"apellido": KindName, "apellidos": KindName, "nume": KindName, "prenume": KindName,
	"phone": KindPhone, "telephone": KindPhone, "tel": KindPhone, "mobile": KindPhone,
	"cellphone": KindPhone, "msisdn": KindPhone, "whatsapp": KindPhone, "telefono": KindPhone,
	"telefone": KindPhone, "telefon": KindPhone, "phonenumber": KindPhone,
	"email": KindEmail, "mail": KindEmail, "courriel": KindEmail,
	"address": KindAddress, "addr": KindAddress, "street": KindAddress, "postcode": KindAddress,
	"zip": KindAddress, "zipcode": KindAddress, "adresse": KindAddress, "direccion": KindAddress,
	"gps": KindAddress, "latitude": KindAddress, "longitude": KindAddress, "lat": KindAddress,
	"lon": KindAddress, "lng": KindAddress, "altitude": KindAddress, "geolocation": KindAddress,
	"geopoint": KindAddress, "coordinates": KindAddress,
	"dob": KindBirth, "birth": KindBirth, "birthdate": KindBirth, "birthday": KindBirth,
	"dateofbirth": KindBirth, "born": KindBirth,
	"passport": KindDocument, "visa": KindDocument, "ssn": KindDocument, "pesel": KindDocument,
	"cnp": KindDocument, "egn": KindDocument, "nino": KindDocument, "idcard": KindDocument,
	"idnumber": KindDocument, "nationalid": KindDocument,
	"timestamp": KindTime, "datetime": KindTime, "date": KindTime, "time": KindTime,
}

// flatKinds flag a column when its name with the separators taken out
// contains one of these.
var flatKinds = []struct{ sub, kind string }{
	{"email", KindEmail},
	{"phonenumber", KindPhone},
	{"dateofbirth", KindBirth},
	{"birthdate", KindBirth},
	{"documentnumber", KindDocument},
	{"docnumber", KindDocument},
	{"passport", KindDocument},
	{"idnumber", KindDocument},
	{"nationalid", KindDocument},
	{"identitycard", KindDocument},
	{"address", KindAddress},
	{"geolocation", KindAddress},
	{"firstname", KindName},
	{"lastname", KindName},
	{"fullname", KindName},
	{"surname", KindName},
	{"submissiontime", KindMetadata},
	{"submittedby", KindMetadata},
}

// IdentifyingColumn reports whether a column name identifies a person and
// what kind of data it names. A KoboToolbox group prefix ("group_x/") is
// looked through.
func IdentifyingColumn(name string) (kind string, ok bool) {
	full := normaliseColumn(name)
	last := full
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		last = normaliseColumn(name[i+1:])
	}
	if metadataColumns[full] || metadataColumns[last] {
		return KindMetadata, true
	}
	flat := strings.NewReplacer("_", "", "/", "").Replace(full)
	for _, fk := range flatKinds {
		if strings.Contains(flat, fk.sub) {
			return fk.kind, true
		}
	}
	// Kobo writes a geopoint as _<name>_latitude, _<name>_longitude ...
	for _, tok := range strings.FieldsFunc(full, func(r rune) bool { return r == '_' || r == '/' }) {
		if k, ok := tokenKinds[tok]; ok {
			return k, true
		}
	}
	return "", false
}

// normaliseColumn lower-cases a name and turns every run of characters other
// than letters and digits into '_' (keeping a leading '_' and '/').
func normaliseColumn(name string) string {
	var b strings.Builder
	sep := false
	for i, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 0x7f:
			if sep {
				b.WriteByte('_')
				sep = false
			}
			b.WriteRune(r)
		case r == '/':
			sep = false
			b.WriteByte('/')
		case r == '_' && i == 0:
			b.WriteByte('_')
		default:
			if b.Len() > 0 {
				sep = true
			}
		}
	}
	return b.String()
}

// IdentifyingValue reports whether a cell value looks like an e-mail
// address, a phone number or free text. Answer codes, record ids and coarse
// group values are short single words, so none of these shapes is expected.
func IdentifyingValue(v string) (kind string, ok bool) {
	if len(v) == 0 {
		return "", false
	}
	if looksLikeEmail(v) {
		return KindEmail, true
	}
	if looksLikePhone(v) {
		return KindPhone, true
	}
	if looksLikeFreeText(v) {
		return KindFreeText, true
	}
	return "", false
}

func looksLikeEmail(v string) bool {
	at := strings.IndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return false
	}
	return strings.IndexByte(v[at+1:], '.') > 0
}

// looksLikePhone: an optional '+', then 7 to 15 digits with separators, that
// either starts like an international number, has separators between its
// digits, or is 10 digits or longer. A plain 7-digit counter is not a phone.
func looksLikePhone(v string) bool {
	s := strings.TrimSpace(v)
	plus := strings.HasPrefix(s, "+")
	if plus {
		s = s[1:]
	}
	digits, seps := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/':
			seps++
		default:
			return false
		}
	}
	if digits < 7 || digits > 15 {
		return false
	}
	return plus || strings.HasPrefix(s, "00") || seps > 0 || digits >= 10
}

// looksLikeFreeText: three or more words, or a long run of text. Codes and
// ids have neither.
func looksLikeFreeText(v string) bool {
	if len(v) > 64 {
		return true
	}
	return len(strings.Fields(v)) >= 3
}
