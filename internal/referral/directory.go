package referral

import (
	"regexp"
	"strings"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
	"github.com/continuum-screening/continuum/internal/strictyaml"
)

// KindDirectory is the kind of an organisation's directory of local services.
const KindDirectory = "referral-directory"

// EnvDirectory names the environment variable that gives a directory file
// when --directory is not used.
const EnvDirectory = "CONTINUUM_DIRECTORY"

// Values of shares_data_with_immigration and free.
const (
	Yes     = "yes"
	No      = "no"
	Unknown = "unknown"
)

// ContactKeys are the ways to reach a service, in display order.
var ContactKeys = []string{"phone", "sms", "email", "web", "address", "other"}

// Service is one real service of an organisation's area. Every text comes
// from the directory file and is untrusted: a renderer makes it inert.
type Service struct {
	Name      string
	Type      string
	Languages []string
	Hours     string
	// Contact maps a key of ContactKeys to how to reach the service that way.
	Contact map[string]string
	// SharesData is shares_data_with_immigration: yes, no or unknown.
	SharesData string
	// Free is yes, no or unknown ("" when not given).
	Free  string
	Notes string
	// SlipName is the name printed on a take-away slip, for a service
	// whose own name says what it is about ("" : the name is used).
	SlipName string
	Line     int
}

// SlipLabel is the name to print on a take-away slip.
func (s *Service) SlipLabel() string {
	if s.SlipName != "" {
		return s.SlipName
	}
	return s.Name
}

// SpeaksLanguage reports whether the service lists the language (a code
// such as "ro"; "pt" matches "pt-BR").
func (s *Service) SpeaksLanguage(code string) bool {
	return speaks(s.Languages, code)
}

func speaks(langs []string, code string) bool {
	for _, l := range langs {
		if base, _, _ := strings.Cut(l, "-"); strings.EqualFold(base, code) {
			return true
		}
	}
	return false
}

// Helpline is a national or local line anyone can call, such as the
// national anti-trafficking helpline. Its texts are untrusted, as a
// service's are.
type Helpline struct {
	Name      string
	Phone     string
	Languages []string
	Hours     string
	// SlipName is the name printed on a take-away slip ("": Name).
	SlipName string
	Line     int
}

// SlipLabel is the name to print on a take-away slip.
func (h *Helpline) SlipLabel() string {
	if h.SlipName != "" {
		return h.SlipName
	}
	return h.Name
}

// SpeaksLanguage reports whether the helpline lists the language.
func (h *Helpline) SpeaksLanguage(code string) bool { return speaks(h.Languages, code) }

// NeedsFirewallCaution reports whether the firewall caution must be shown
// next to the service: whenever it is not known for sure that it does not
// share data with immigration enforcement.
func (s *Service) NeedsFirewallCaution() bool { return s.SharesData != No }

// Directory is an organisation's list of services, read-only.
type Directory struct {
	File string
	Area string
	// Country is an ISO 3166 code such as GB ("" when not given).
	Country string
	// Emergency is the local emergency number, shown instead of the
	// general advice (112 in Europe) when given.
	Emergency string
	Helplines []*Helpline
	Services  []*Service
}

// For lists the services of one type, in file order.
func (d *Directory) For(typeID string) []*Service {
	if d == nil {
		return nil
	}
	var out []*Service
	for _, s := range d.Services {
		if s.Type == typeID {
			out = append(out, s)
		}
	}
	return out
}

var (
	dirKeys      = []string{"kind", "area", "country", "emergency_number", "helplines", "services"}
	serviceKeys  = []string{"name", "slip_name", "type", "languages", "hours", "contact", "shares_data_with_immigration", "free", "notes"}
	helplineKeys = []string{"name", "slip_name", "phone", "languages", "hours"}
	// countryRE is an ISO 3166-1 alpha-2 code: GB, RO.
	countryRE = regexp.MustCompile(`^[A-Z]{2}$`)
	// phoneRE is a number to dial: digits, spaces, +, -, and parentheses.
	phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()-]{1,24}$`)
	// langRE is a language code: en, ro, pt-BR, zh-Hant.
	langRE = regexp.MustCompile(`^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$`)
)

// maxServices bounds a directory; an area's list is a few dozen entries.
const maxServices = 1000

// ParseDirectory validates a directory file against the referral types of
// rules. Every problem is returned, each naming file, line and field; the
// free texts of the file are never repeated in a message.
func ParseDirectory(rules *Rules, f q.File) (*Directory, error) {
	w := strictyaml.NewWalker(f.Name)
	root, ok := parse(f, w)
	if !ok {
		return nil, w.Err()
	}
	top, _ := root.Map("a mapping with a kind key", dirKeys)
	d := &Directory{File: f.Name}
	if v, ok := top.Require("kind", KindDirectory); ok {
		v.OneOf(KindDirectory, KindDirectory)
	}
	if v, ok := top.Get("area"); ok {
		d.Area, _ = text(v)
	}
	if v, ok := top.Get("country"); ok {
		d.Country, _ = matching(v, countryRE, "not a country code; expected a two-letter ISO 3166 code such as GB or RO")
	}
	if v, ok := top.Get("emergency_number"); ok {
		d.Emergency, _ = matching(v, phoneRE, "not a phone number; expected digits such as 112 or 999")
	}
	if v, ok := top.Get("helplines"); ok {
		for _, hn := range entries(v, "helplines") {
			if h := parseHelpline(hn); h != nil {
				d.Helplines = append(d.Helplines, h)
			}
		}
	}
	if v, ok := top.Require("services", "the list of services"); ok {
		for _, sn := range entries(v, "services") {
			if s := parseService(rules, sn); s != nil {
				d.Services = append(d.Services, s)
			}
		}
	}
	if err := w.Err(); err != nil {
		return nil, err
	}
	return d, nil
}

// entries reads the list of helplines or services, at most maxServices.
func entries(v strictyaml.Value, what string) []strictyaml.Value {
	list, ok := v.List("a list of " + what)
	if ok && len(list) > maxServices {
		v.Problem("found %d %s; expected at most %d", len(list), what, maxServices)
		return nil
	}
	return list
}

// fields reads the keys of one helpline or service. Every problem is
// reported; ok is false once any key is missing or wrong, and the entry is
// then left out.
type fields struct {
	kv *strictyaml.Map
	ok bool
}

// keep records whether a key was read well.
func (f *fields) keep(good bool) bool {
	f.ok = f.ok && good
	return good
}

// need returns a key that must be there.
func (f *fields) need(key, what string) (strictyaml.Value, bool) {
	v, has := f.kv.Require(key, what)
	return v, f.keep(has)
}

// text reads an optional text.
func (f *fields) text(key string, dst *string) {
	if v, has := f.kv.Get(key); has {
		t, good := text(v)
		*dst, _ = t, f.keep(good)
	}
}

// needText reads a text that must be there.
func (f *fields) needText(key, what string, dst *string) {
	if v, has := f.need(key, what); has {
		t, good := text(v)
		*dst, _ = t, f.keep(good)
	}
}

// languages reads an optional list of language codes.
func (f *fields) languages(dst *[]string) {
	if v, has := f.kv.Get("languages"); has {
		langs, good := languages(v)
		*dst, _ = langs, f.keep(good)
	}
}

// matching reads a text that must match re, reporting problem when it does
// not.
func matching(v strictyaml.Value, re *regexp.Regexp, problem string) (string, bool) {
	s, good := text(v)
	if good && !re.MatchString(s) {
		v.Problem("%s", problem)
		return "", false
	}
	return s, good
}

func parseHelpline(n strictyaml.Value) *Helpline {
	kv, ok := n.Map("a mapping with the keys "+strings.Join(helplineKeys, ", "), helplineKeys)
	if kv == nil {
		return nil
	}
	h := &Helpline{Line: n.Line()}
	f := &fields{kv: kv, ok: ok}
	f.needText("name", "the helpline's name", &h.Name)
	f.text("slip_name", &h.SlipName)
	if v, has := f.need("phone", "the number to call"); has {
		s, good := matching(v, phoneRE, "not a phone number; expected digits, spaces, + or -")
		h.Phone, _ = s, f.keep(good)
	}
	f.languages(&h.Languages)
	f.text("hours", &h.Hours)
	if !f.ok {
		return nil
	}
	return h
}

// languages reads a list of language codes.
func languages(v strictyaml.Value) ([]string, bool) {
	langs, elems, ok := v.Texts("a list of language codes such as [en, ro]")
	var out []string
	for i, l := range langs {
		if !langRE.MatchString(l) {
			elems[i].Problem("not a language code; expected codes such as en, ro, pt-BR")
			ok = false
			continue
		}
		out = append(out, l)
	}
	return out, ok
}

func parseService(rules *Rules, n strictyaml.Value) *Service {
	kv, ok := n.Map("a mapping with the keys "+strings.Join(serviceKeys, ", "), serviceKeys)
	if kv == nil {
		return nil
	}
	s := &Service{Line: n.Line(), Contact: map[string]string{}}
	f := &fields{kv: kv, ok: ok}
	f.needText("name", "the service's name", &s.Name)
	if v, has := f.need("type", "a referral type: "+strings.Join(rules.IDs(), ", ")); has {
		t, good := v.Text("one referral type")
		switch {
		case !good:
			f.ok = false
		case rules.Type(t) == nil:
			v.Problem("unknown type %q; expected one of: %s", clip(t), strings.Join(rules.IDs(), ", "))
			f.ok = false
		default:
			s.Type = t
		}
	}
	f.text("slip_name", &s.SlipName)
	f.languages(&s.Languages)
	f.text("hours", &s.Hours)
	ways := "at least one way to reach the service: " + strings.Join(ContactKeys, ", ")
	if v, has := f.need("contact", ways); has {
		ck, good := v.Map("a mapping with "+ways, ContactKeys)
		f.keep(good)
		for _, k := range ck.Keys() {
			if t, good := text(k.Val); f.keep(good) {
				s.Contact[k.Name] = t
			}
		}
		if ck != nil && ck.Len() == 0 && good {
			v.Problem("found an empty mapping; expected %s", ways)
			f.ok = false
		}
	}
	choice := func(v strictyaml.Value, dst *string) {
		t, good := v.OneOf("yes, no or unknown", Yes, No, Unknown)
		*dst, _ = t, f.keep(good)
	}
	if v, has := f.need("shares_data_with_immigration", "yes, no or unknown (unknown when you are not sure)"); has {
		choice(v, &s.SharesData)
	}
	if v, has := kv.Get("free"); has {
		choice(v, &s.Free)
	}
	f.text("notes", &s.Notes)
	if !f.ok {
		return nil
	}
	return s
}
