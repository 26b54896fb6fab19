package referral

import (
	"fmt"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	q "github.com/continuum-screening/continuum/internal/questionnaire"
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
	e := &errs{file: f.Name}
	root := parse(f, e)
	if root == nil {
		return nil, e.err()
	}
	top, _ := fields(root, "", dirKeys, e)
	d := &Directory{File: f.Name}
	if kf, ok := top["kind"]; !ok {
		e.add(root.Line, "kind", "missing; expected %s", KindDirectory)
	} else if kf.val.Value != KindDirectory {
		e.add(kf.val.Line, "kind", "%q; expected %s", clip(kf.val.Value), KindDirectory)
	}
	if af, ok := top["area"]; ok {
		d.Area, _ = text(af, "area", e)
	}
	if cf, ok := top["country"]; ok {
		if v, good := text(cf, "country", e); good {
			if countryRE.MatchString(v) {
				d.Country = v
			} else {
				e.add(cf.val.Line, "country", "not a country code; expected a two-letter ISO 3166 code such as GB or RO")
			}
		}
	}
	if nf, ok := top["emergency_number"]; ok {
		if v, good := text(nf, "emergency_number", e); good {
			if phoneRE.MatchString(v) {
				d.Emergency = v
			} else {
				e.add(nf.val.Line, "emergency_number", "not a phone number; expected digits such as 112 or 999")
			}
		}
	}
	if hf, ok := top["helplines"]; ok {
		switch {
		case hf.val.Kind != yaml.SequenceNode:
			e.add(hf.val.Line, "helplines", "found %s; expected a list of helplines", kindName(hf.val))
		case len(hf.val.Content) > maxServices:
			e.add(hf.val.Line, "helplines", "%d helplines; expected at most %d", len(hf.val.Content), maxServices)
		default:
			for i, hn := range hf.val.Content {
				if h := parseHelpline(hn, fmt.Sprintf("helplines[%d]", i), e); h != nil {
					d.Helplines = append(d.Helplines, h)
				}
			}
		}
	}
	sf, ok := top["services"]
	switch {
	case !ok:
		e.add(root.Line, "services", "missing; expected the list of services")
	case sf.val.Kind != yaml.SequenceNode:
		e.add(sf.val.Line, "services", "found %s; expected a list of services", kindName(sf.val))
	case len(sf.val.Content) > maxServices:
		e.add(sf.val.Line, "services", "%d services; expected at most %d", len(sf.val.Content), maxServices)
	default:
		for i, sn := range sf.val.Content {
			if s := parseService(rules, sn, fmt.Sprintf("services[%d]", i), e); s != nil {
				d.Services = append(d.Services, s)
			}
		}
	}
	if err := e.err(); err != nil {
		return nil, err
	}
	return d, nil
}

func parseHelpline(n *yaml.Node, p string, e *errs) *Helpline {
	kv, ok := fields(n, p, helplineKeys, e)
	if kv == nil {
		return nil
	}
	h := &Helpline{Line: n.Line}
	if f, has := kv["name"]; !has {
		e.add(n.Line, p+".name", "missing; expected the helpline's name")
		ok = false
	} else if v, good := text(f, p+".name", e); good {
		h.Name = v
	} else {
		ok = false
	}
	if f, has := kv["slip_name"]; has {
		v, good := text(f, p+".slip_name", e)
		h.SlipName, ok = v, ok && good
	}
	if f, has := kv["phone"]; !has {
		e.add(n.Line, p+".phone", "missing; expected the number to call")
		ok = false
	} else if v, good := text(f, p+".phone", e); !good {
		ok = false
	} else if !phoneRE.MatchString(v) {
		e.add(f.val.Line, p+".phone", "not a phone number; expected digits, spaces, + or -")
		ok = false
	} else {
		h.Phone = v
	}
	if f, has := kv["languages"]; has {
		langs, good := languages(f, p, e)
		h.Languages, ok = langs, ok && good
	}
	if f, has := kv["hours"]; has {
		v, good := text(f, p+".hours", e)
		h.Hours, ok = v, ok && good
	}
	if !ok {
		return nil
	}
	return h
}

// languages reads a list of language codes.
func languages(f field, p string, e *errs) ([]string, bool) {
	langs, lines, ok := list(f, p+".languages", e)
	var out []string
	for i, l := range langs {
		if !langRE.MatchString(l) {
			e.add(lines[i], fmt.Sprintf("%s.languages[%d]", p, i), "not a language code; expected codes such as en, ro, pt-BR")
			ok = false
			continue
		}
		out = append(out, l)
	}
	return out, ok
}

func parseService(rules *Rules, n *yaml.Node, p string, e *errs) *Service {
	kv, ok := fields(n, p, serviceKeys, e)
	if kv == nil {
		return nil
	}
	s := &Service{Line: n.Line, Contact: map[string]string{}}
	need := func(key, what string) (field, bool) {
		f, has := kv[key]
		if !has {
			e.add(n.Line, p+"."+key, "missing; expected %s", what)
			ok = false
		}
		return f, has
	}
	if f, has := need("name", "the service's name"); has {
		v, good := text(f, p+".name", e)
		s.Name, ok = v, ok && good
	}
	if f, has := need("type", "a referral type: "+strings.Join(rules.IDs(), ", ")); has {
		switch {
		case f.val.Kind != yaml.ScalarNode:
			e.add(f.val.Line, p+".type", "found %s; expected one referral type", kindName(f.val))
			ok = false
		case rules.Type(f.val.Value) == nil:
			e.add(f.val.Line, p+".type", "unknown type %q; expected one of: %s", clip(f.val.Value), strings.Join(rules.IDs(), ", "))
			ok = false
		default:
			s.Type = f.val.Value
		}
	}
	if f, has := kv["slip_name"]; has {
		v, good := text(f, p+".slip_name", e)
		s.SlipName, ok = v, ok && good
	}
	if f, has := kv["languages"]; has {
		langs, good := languages(f, p, e)
		s.Languages, ok = langs, ok && good
	}
	if f, has := kv["hours"]; has {
		v, good := text(f, p+".hours", e)
		s.Hours, ok = v, ok && good
	}
	if f, has := need("contact", "at least one way to reach the service: "+strings.Join(ContactKeys, ", ")); has {
		ck, good := fields(f.val, p+".contact", ContactKeys, e)
		ok = ok && good
		for k, cf := range ck {
			if v, good := text(cf, p+".contact."+k, e); good {
				s.Contact[k] = v
			} else {
				ok = false
			}
		}
		if ck != nil && len(ck) == 0 {
			e.add(f.val.Line, p+".contact", "empty; expected at least one way to reach the service: %s", strings.Join(ContactKeys, ", "))
			ok = false
		}
	}
	choice := func(f field, key string) (string, bool) {
		switch v := f.val.Value; {
		case f.val.Kind == yaml.ScalarNode && (v == Yes || v == No || v == Unknown):
			return v, true
		default:
			e.add(f.val.Line, p+"."+key, "%q; expected yes, no or unknown", clip(v))
			return "", false
		}
	}
	if f, has := need("shares_data_with_immigration", "yes, no or unknown (unknown when you are not sure)"); has {
		v, good := choice(f, "shares_data_with_immigration")
		s.SharesData, ok = v, ok && good
	}
	if f, has := kv["free"]; has {
		v, good := choice(f, "free")
		s.Free, ok = v, ok && good
	}
	if f, has := kv["notes"]; has {
		v, good := text(f, p+".notes", e)
		s.Notes, ok = v, ok && good
	}
	if !ok {
		return nil
	}
	return s
}
