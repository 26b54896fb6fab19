package batch

import (
	_ "embed"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// The anonymity guard. An answer file must be anonymous (README, "Scoring
// answer files"; what identifies a person follows the definition of personal
// data in the GDPR, Regulation (EU) 2016/679, art. 4(1)):
// columns that identify a person, an interviewer, a device, a place or a
// moment are refused by their names, and cell values that look like an
// e-mail address, a phone number, a bank account, a full date, a document
// number, a position or free text by their shape. Messages name the column
// and the kind, never the value.
//
// Names are compared after folding case and accents, in the 12 shipped
// languages and their scripts; the words are data (identifying.yaml). A
// column the questionnaire or the mapping reads as an answer is not judged
// by its name (the questions are about passports, phones and working time)
// but by its values: it can hold only the questionnaire's choices.

// Identifying kinds, as they appear in messages.
const (
	KindMetadata = "survey-platform metadata (submission, device or interviewer identity, exact time)"
	KindName     = "a name"
	KindPhone    = "a phone number"
	KindEmail    = "an e-mail address"
	KindAddress  = "an address"
	KindLocation = "a place or position"
	KindBirth    = "a date of birth"
	KindDate     = "a full date (such as a date of birth)"
	KindDocument = "an identity document or ID number"
	KindBank     = "a bank account number"
	KindEmployer = "an employer"
	KindTime     = "an exact date or time"
	KindFreeText = "free text"
)

var kindNames = map[string]string{
	"email": KindEmail, "phone": KindPhone, "birth": KindBirth, "document": KindDocument,
	"name": KindName, "address": KindAddress, "location": KindLocation, "employer": KindEmployer,
	"time": KindTime,
}

//go:embed identifying.yaml
var identifyingYAML []byte

type wordKind struct {
	kind         string
	words, parts []string
	wordSet      map[string]bool
}

type wordLists struct {
	metadata, harmless, rowNumber map[string]bool
	kinds                         []*wordKind
}

var loadWords = sync.OnceValue(func() *wordLists {
	w, err := parseWords("identifying.yaml", identifyingYAML)
	if err != nil {
		panic(err) // embedded; a test loads it
	}
	return w
})

// parseWords reads the word lists, through the walker every definition
// file goes through.
func parseWords(name string, data []byte) (*wordLists, error) {
	walk := strictyaml.NewWalker(name)
	root, ok := walk.Parse(data, MaxMapSize, "a mapping of word lists")
	if !ok {
		return nil, walk.Err()
	}
	top, _ := root.Map("a mapping of word lists", []string{"metadata", "harmless", "row_number", "kinds"})
	words := func(n strictyaml.Value) []string {
		list, _, _ := n.Texts("a list of words")
		return list
	}
	set := func(key string) map[string]bool {
		m := map[string]bool{}
		if v, ok := top.Require(key, "a list of words"); ok {
			for _, s := range words(v) {
				m[normaliseColumn(foldName(s))] = true
			}
		}
		return m
	}
	w := &wordLists{metadata: set("metadata"), harmless: set("harmless"), rowNumber: set("row_number")}
	kv, _ := top.Require("kinds", "a list of kinds of identifying words")
	kinds, _ := kv.List("a list of kinds of identifying words")
	for _, k := range kinds {
		km, _ := k.Map("a mapping with kind, words and parts", []string{"kind", "words", "parts"})
		kind, _ := km.Require("kind", "the kind of data the words name")
		name, ok := kind.OneOf("", slices.Sorted(maps.Keys(kindNames))...)
		if !ok {
			continue
		}
		wk := &wordKind{kind: kindNames[name], wordSet: map[string]bool{}}
		if v, ok := km.Get("words"); ok {
			for _, s := range words(v) {
				wk.wordSet[flatten(normaliseColumn(foldName(s)))] = true
			}
		}
		if v, ok := km.Get("parts"); ok {
			for _, s := range words(v) {
				wk.parts = append(wk.parts, flatten(normaliseColumn(foldName(s))))
			}
		}
		w.kinds = append(w.kinds, wk)
	}
	if err := walk.Err(); err != nil {
		return nil, err
	}
	return w, nil
}

// IdentifyingColumn reports whether a column name identifies a person and
// what kind of data it names. A group prefix ("group_x/", "meta/", ODK's
// "group-") is looked through for metadata.
func IdentifyingColumn(name string) (kind string, ok bool) {
	w := loadWords()
	full := normaliseColumn(foldName(name))
	if w.metadata[full] || w.metadata[lastPart(full)] {
		return KindMetadata, true
	}
	flat := flatten(full)
	tokens := strings.FieldsFunc(full, func(r rune) bool { return r == '_' || r == '/' })
	for _, k := range w.kinds {
		for _, p := range k.parts {
			if strings.Contains(flat, p) {
				return k.kind, true
			}
		}
		for _, t := range tokens {
			if k.wordSet[t] {
				return k.kind, true
			}
		}
	}
	return "", false
}

// PlatformColumn reports whether a column is survey-platform metadata that
// identifies nobody (a row number, a form version, a review state): no
// grouping, and no record id unless it is a row number.
func PlatformColumn(name string) (harmless, rowNumber bool) {
	w := loadWords()
	full := normaliseColumn(foldName(name))
	last := lastPart(full)
	return w.harmless[full] || w.harmless[last], w.rowNumber[full] || w.rowNumber[last]
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func flatten(s string) string {
	return strings.NewReplacer("_", "", "/", "").Replace(s)
}

// foldName folds case and accents: prénom -> prenom, ŁÓDŹ -> lodz,
// điện -> dien, أ -> ا, ї -> і; and full-width forms to plain ones.
func foldName(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || r == 'ـ' { // combining marks, Arabic tatweel
			continue
		}
		switch r {
		case 'ł', 'Ł':
			r = 'l'
		case 'đ', 'Đ':
			r = 'd'
		case 'ø', 'Ø':
			r = 'o'
		case 'ı':
			r = 'i'
		case 'ß':
			b.WriteString("ss")
			continue
		case 'æ', 'Æ':
			b.WriteString("ae")
			continue
		case 'œ', 'Œ':
			b.WriteString("oe")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// normaliseColumn lower-cases a name and turns every run of characters other
// than letters and digits into '_' (keeping a leading '_' and '/'). ODK
// Central's group separator '-' becomes '_' like any other.
func normaliseColumn(name string) string {
	var b strings.Builder
	sep := false
	for i, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r):
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
// address, a phone number, a bank account number, a position, a full date,
// a document number or free text. Answer codes, record ids and coarse group
// values are short single words, so none of these shapes is expected.
// Full-width and other Unicode digits, dashes and spaces count like their
// ASCII forms.
func IdentifyingValue(v string) (kind string, ok bool) {
	if len(v) == 0 {
		return "", false
	}
	f := foldValue(v)
	switch {
	case looksLikeEmail(f):
		return KindEmail, true
	case looksLikeUUID(f):
		return KindMetadata, true
	case looksLikeIBAN(f):
		return KindBank, true
	case looksLikePosition(f):
		return KindLocation, true
	case looksLikeDate(f):
		return KindDate, true
	case looksLikeSSN(f) || looksLikeLongNumber(f):
		return KindDocument, true
	case looksLikePhone(f):
		return KindPhone, true
	case looksLikeDocument(f):
		return KindDocument, true
	case looksLikeFreeText(f):
		return KindFreeText, true
	}
	return "", false
}

// looksLikeUUID: a submission's instance id, as KoboToolbox's _uuid and ODK
// Central's instanceID and KEY hold it (uuid:8-4-4-4-12 hex digits, the
// prefix optional). It names one submission on the server.
func looksLikeUUID(v string) bool {
	s := strings.TrimSpace(v)
	if len(s) > 5 && strings.EqualFold(s[:5], "uuid:") {
		return true
	}
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// foldValue turns compatibility forms into plain ones (full-width digits and
// ＠), every decimal digit of any script into an ASCII digit, every dash into
// '-' and every space into ' '.
func foldValue(v string) string {
	if ascii(v) {
		// What the loop below makes of ASCII, without copying it: most
		// ids and group values are.
		return strings.TrimSpace(v)
	}
	v = norm.NFKC.String(v)
	var b strings.Builder
	for _, r := range v {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case unicode.Is(unicode.Nd, r):
			b.WriteByte('0' + byte(digitValue(r)))
		case unicode.Is(unicode.Pd, r), r == '−':
			b.WriteByte('-')
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// digitValue is the value of a decimal digit: Unicode lays out every
// decimal digit set as ten code points from zero, and the ranges of the Nd
// table start at a zero.
func digitValue(r rune) int {
	for _, rg := range unicode.Nd.R16 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if r >= rune(rg.Lo) && r <= rune(rg.Hi) {
			return int(r-rune(rg.Lo)) % 10
		}
	}
	return 0
}

var atWords = strings.NewReplacer("(at)", "@", "[at]", "@", "{at}", "@", "<at>", "@", " at ", "@",
	"(dot)", ".", "[dot]", ".", "{dot}", ".", "<dot>", ".", " dot ", ".")

func looksLikeEmail(v string) bool {
	v = strings.ToLower(v)
	if strings.Contains(v, "at") {
		v = strings.ReplaceAll(atWords.Replace(v), " ", "")
	}
	at := strings.IndexByte(v, '@')
	if at <= 0 || at == len(v)-1 {
		return false
	}
	return strings.IndexByte(v[at+1:], '.') > 0
}

// looksLikePhone: an optional "tel:" and '+', then 7 to 15 digits with
// separators, that either starts like an international number, has
// separators between its digits, or is 10 digits or longer. A plain 7-digit
// counter is not a phone.
func looksLikePhone(v string) bool {
	s := strings.TrimSpace(v)
	low := strings.ToLower(s)
	for _, p := range []string{"tel:", "tel.", "tel ", "phone:", "sms:", "callto:", "whatsapp:"} {
		if strings.HasPrefix(low, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
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

// looksLikeIBAN: a country code, two check digits and 11 to 30 letters or
// digits, spaces allowed, whose ISO 7064 mod-97 check holds.
func looksLikeIBAN(v string) bool {
	s := strings.ToUpper(strings.ReplaceAll(v, " ", ""))
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isL, isD := c >= 'A' && c <= 'Z', c >= '0' && c <= '9'
		if (i < 2 && !isL) || (i >= 2 && i < 4 && !isD) || (!isL && !isD) {
			return false
		}
	}
	rem := 0
	for _, c := range s[4:] + s[:4] {
		if c >= 'A' {
			n := int(c-'A') + 10
			rem = (rem*100 + n) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return rem == 1
}

// looksLikePosition: degrees (44°25'36"N), or two to four numbers of which
// the first two have decimals and fit a latitude and a longitude, as phones
// and KoboToolbox write a geopoint ("44.4268 26.1025 0 5").
func looksLikePosition(v string) bool {
	if i := strings.IndexRune(v, '°'); i > 0 && v[i-1] >= '0' && v[i-1] <= '9' {
		return true
	}
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == ';' })
	if len(f) < 2 || len(f) > 4 {
		return false
	}
	var num [2]float64
	for i, s := range f {
		x, dec, ok := parseDecimal(s)
		if !ok {
			return false
		}
		if i < 2 {
			if dec < 2 {
				return false
			}
			num[i] = x
		}
	}
	return num[0] >= -90 && num[0] <= 90 && num[1] >= -180 && num[1] <= 180
}

func parseDecimal(s string) (x float64, decimals int, ok bool) {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	dot := false
	scale := 1.0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if dot {
				scale /= 10
				x += float64(c-'0') * scale
				decimals++
			} else {
				x = x*10 + float64(c-'0')
			}
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return 0, 0, false
		}
	}
	if neg {
		x = -x
	}
	return x, decimals, len(s) > 0
}

var monthNames = map[string]bool{}

func init() {
	for _, m := range []string{"january", "february", "march", "april", "may", "june", "july", "august",
		"september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "dec"} {
		monthNames[m] = true
	}
}

// looksLikeDate: a date to the day, in the common orders and separators
// (1990-05-17, 17/05/1990, 05/17/90, 17.05.1990, 17-May-1990, 17 May 1990,
// 19900517), alone or starting a timestamp. A month or a quarter
// (2030-01, 2030-Q1) is a coarse period, not a date.
func looksLikeDate(v string) bool {
	s := strings.ToLower(v)
	if i := strings.IndexAny(s, "t "); i == 10 { // 1990-05-17T10:00 or "1990-05-17 10:00"
		s = s[:i]
	}
	if len(s) == 8 && allDigits(s) {
		y, m, d := atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
		return y >= 1900 && y <= 2099 && validDay(m, d)
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '/' || r == '.' || r == ' ' || r == ',' })
	if len(parts) != 3 {
		return false
	}
	// A month by name anywhere: the other two are a day and a year.
	for i, p := range parts {
		if monthNames[p] {
			var nums []string
			for j, q := range parts {
				if j != i {
					nums = append(nums, q)
				}
			}
			if !allDigits(nums[0]) || !allDigits(nums[1]) {
				return false
			}
			d, y := nums[0], nums[1]
			if len(d) == 4 {
				d, y = y, d
			}
			return len(d) <= 2 && (len(y) == 4 || len(y) == 2) && validDay(1, atoi(d))
		}
	}
	for _, p := range parts {
		if !allDigits(p) || len(p) > 4 {
			return false
		}
	}
	a, b, c := parts[0], parts[1], parts[2]
	switch {
	case len(a) == 4: // year first
		return len(b) <= 2 && len(c) <= 2 && validDay(atoi(b), atoi(c))
	case len(c) == 4 || len(c) == 2: // year last: day-month or month-day
		if len(a) > 2 || len(b) > 2 {
			return false
		}
		return validDay(atoi(b), atoi(a)) || validDay(atoi(a), atoi(b))
	}
	return false
}

func validDay(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// looksLikeSSN: the US social security number shape 123-45-6789.
func looksLikeSSN(v string) bool {
	return len(v) == 11 && v[3] == '-' && v[6] == '-' && allDigits(v[:3]) && allDigits(v[4:6]) && allDigits(v[7:])
}

// looksLikeLongNumber: 12 digits or more with nothing else: longer than a
// national phone number written without '+' or 00, as long as national ID
// numbers (a CNP or EGN has 13, an Aadhaar 12).
func looksLikeLongNumber(v string) bool {
	return len(v) >= 12 && allDigits(v) && !strings.HasPrefix(v, "00")
}

// looksLikeDocument: an ID-like code. Nine digits or more (national
// numbers such as a CNP, PESEL, EGN or social security number, with or
// without separators), the US SSN shape 123-45-6789, or a passport or
// national insurance shape: two capital letters and 6 to 8 digits (with a
// final letter for a UK NINO), or one capital letter and 8 digits.
func looksLikeDocument(v string) bool {
	digits, other := 0, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-' || c == '.' || c == '/':
		default:
			other++
		}
	}
	if other == 0 && digits >= 9 {
		return true
	}
	n := len(v)
	upper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	switch {
	case n >= 8 && n <= 11 && upper(v[0]) && upper(v[1]):
		body := v[2:]
		if upper(body[len(body)-1]) {
			body = body[:len(body)-1]
		}
		return len(body) >= 6 && len(body) <= 8 && allDigits(body)
	case n == 9 && upper(v[0]):
		return allDigits(v[1:])
	}
	return false
}

// looksLikeFreeText: three or more words, or a long run of text. Codes and
// ids have neither.
func looksLikeFreeText(v string) bool {
	if len(v) > 64 {
		return true
	}
	words := 0
	for range strings.FieldsSeq(v) {
		if words++; words >= 3 {
			return true
		}
	}
	return false
}

// ascii reports whether v is all ASCII.
func ascii(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return false
		}
	}
	return true
}
