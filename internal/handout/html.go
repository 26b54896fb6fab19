package handout

import (
	"bytes"
	"html/template"
)

// The page is self-contained: one inline style sheet, system fonts, no
// scripts, no images, no links to anything outside. Direction is set on the
// root and on every text, and the style sheet uses logical properties
// (margin-inline-start, text-align: start), so a right-to-left language lays
// out right to left without a separate style sheet.
const pageTemplate = `<!DOCTYPE html>
<html lang="{{.Lang}}" dir="{{.Dir}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{(index .Title 0).S}}</title>
<style>
@page { size: {{if eq .Paper "letter"}}letter{{else}}A4{{end}}; margin: 15mm 15mm 16mm 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.4; color: #000; background: #fff; }
body { margin: 0; }
@media screen { body { max-width: 190mm; margin: 1em auto; padding: 0 1em; } }
h1 { font-size: 16pt; line-height: 1.25; margin: 0 0 2mm; }
h2 { font-size: 12pt; line-height: 1.3; margin: 0 0 1.5mm; }
h3 { font-size: 10.5pt; margin: 2mm 0 1mm; }
p { margin: 0 0 1.5mm; }
.t { display: block; overflow-wrap: anywhere; }
.t.also { color: #333; }
.label { display: inline-block; border: 1.5px solid #000; padding: 0.3mm 2mm; font-weight: bold; letter-spacing: 0.08em; margin-bottom: 2mm; }
.notice { border: 1.5px solid #000; padding: 2mm 3mm; margin: 0 0 3mm; font-size: 9.5pt; }
.meta { font-size: 8.5pt; color: #333; margin: 0 0 3mm; }
.tip { border: 1px dashed #555; padding: 2mm 3mm; margin: 0 0 3mm; font-size: 9pt; }
@media print { .tip { display: none; } }
.card ul.refs { list-style: none; margin: 1mm 0 0; padding-inline-start: 0; }
.card ul.refs .n { font-weight: bold; }
.intro { margin: 0 0 4mm; }
.card { border: 1px solid #555; border-radius: 2mm; padding: 3mm 4mm; margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
.card ol { margin: 1mm 0 0; padding-inline-start: 8mm; }
.card li { margin: 0 0 1mm; }
.sector { font-size: 9pt; color: #333; margin-bottom: 1.5mm; }
.fictional { font-size: 8pt; color: #444; margin-top: 2mm; }
.q { display: flex; gap: 1mm; break-inside: avoid; page-break-inside: avoid; padding: 1.5mm 0 2mm; border-bottom: 0.5pt solid #999; }
.q.d1 { margin-inline-start: 8mm; }
.q.d2 { margin-inline-start: 16mm; }
.q.d3 { margin-inline-start: 24mm; }
.q .num { font-weight: bold; flex: none; width: 9mm; }
.q .body { flex: 1; min-width: 0; }
.q .text { font-weight: bold; }
.q .help { font-size: 9pt; color: #333; }
.choices { display: flex; flex-wrap: wrap; gap: 1mm 6mm; margin-top: 1.2mm; }
.choice { display: inline-flex; align-items: flex-start; gap: 1.5mm; }
.box { display: inline-block; flex: none; width: 3.8mm; height: 3.8mm; border: 1px solid #000; margin-top: 0.6mm; }
.note { font-size: 9pt; margin-top: 1mm; padding-inline-start: 2mm; border-inline-start: 2px solid #000; }
.end { margin-top: 4mm; font-weight: bold; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: 1mm 0 2mm; }
th, td { text-align: start; vertical-align: top; border-bottom: 0.5pt solid #999; padding: 0.8mm 1.5mm; overflow-wrap: anywhere; }
th.n, td.n { width: 8mm; }
td.a { width: 30%; }
.result { margin: 1mm 0 2mm; }
@media print { .card, .q { box-shadow: none; } }
</style>
</head>
<body>
{{- with .Label}}<div class="label">{{template "inline" .}}</div>{{end}}
<h1>{{template "m" .Title}}</h1>
<div class="meta">{{range $i, $t := .Meta}}{{if $i}} / {{end}}<bdi lang="{{$t.Lang}}" dir="{{$t.Dir}}">{{ltr $t.S}}</bdi>{{end}}</div>
{{- with .Tip}}
<div class="tip">{{template "m" .}}</div>
{{- end}}
{{- range .Notices}}
<div class="notice">{{template "m" .}}</div>
{{- end}}
{{- range .Intro}}
<div class="intro">{{template "m" .}}</div>
{{- end}}
{{- range .Cards}}
<section class="card" id="indicator-{{.ID}}">
<h2>{{template "m" .Name}}</h2>
<p>{{template "m" .Explanation}}</p>
<h3>{{template "m" .Cover}}</h3>
<ul class="refs">
{{- range .Questions}}
<li><span class="n">{{.Num}}.</span> {{template "m" .Text}}</li>
{{- end}}
</ul>
</section>
{{- end}}
{{- with .Consent}}
<section class="card consent">
<h2>{{template "m" (index . 0)}}</h2>
<p>{{template "m" (index . 1)}}</p>
<p><b>{{template "m" (index . 2)}}</b></p>
<div class="choices">{{range $.ConsentChoices}}<span class="choice"><span class="box"></span><span>{{template "inline" .}}</span></span>{{end}}</div>
</section>
{{- end}}
{{- $choices := .Choices}}
{{- range .Qs}}
<div class="q d{{.Depth}}" id="q-{{.ID}}">
<div class="num">{{.Num}}.</div>
<div class="body">
<div class="text">{{template "m" .Text}}</div>
<div class="help">{{template "m" .Help}}</div>
<div class="choices">
{{- range $choices}}<span class="choice"><span class="box"></span><span>{{template "inline" .}}</span></span>{{end}}
</div>
{{- range .Notes}}
<div class="note">{{template "m" .}}</div>
{{- end}}
</div>
</div>
{{- end}}
{{- with .End}}
<div class="end">{{template "m" .}}</div>
{{- end}}
{{- range .Cases}}
<section class="card" id="scenario-{{.ID}}">
<h2>{{template "m" .Title}}</h2>
<div class="sector">{{template "m" .Sector}}</div>
<p>{{template "m" .Text}}</p>
{{- if .Answers}}
<h3>{{template "m" .AnswersTitle}}</h3>
<table>
<thead><tr><th class="n">#</th><th>{{template "inline" .ColQuestion}}</th><th>{{template "inline" .ColAnswer}}</th></tr></thead>
<tbody>
{{- range .Rows}}
<tr><td class="n">{{.Num}}</td><td>{{template "m" .Text}}</td><td class="a">{{template "m" .Answer}}</td></tr>
{{- end}}
</tbody>
</table>
<p>{{template "m" .Rest}}</p>
<h3>{{template "m" .ResultTitle}}</h3>
<div class="result">
{{- range .Result}}
<p>{{template "m" .}}</p>
{{- end}}
</div>
<h3>{{template "m" .NoteTitle}}</h3>
<p>{{template "m" .Note}}</p>
{{- end}}
<div class="fictional">{{template "m" .Fictional}}</div>
</section>
{{- end}}
</body>
</html>
{{define "m"}}{{range $i, $t := .}}{{if $t.Fallback -}}
<span class="t{{if $i}} also{{end}}" lang="{{$t.AroundLang}}" dir="{{$t.AroundDir}}"><bdi lang="{{$t.Lang}}" dir="{{$t.Dir}}">{{$t.S}}</bdi></span>
{{- else -}}
<span class="t{{if $i}} also{{end}}" lang="{{$t.Lang}}" dir="{{$t.Dir}}">{{$t.S}}</span>
{{- end}}{{end}}{{end}}
{{- define "inline"}}{{range $i, $t := .}}{{if $i}} / {{end}}<bdi lang="{{$t.Lang}}" dir="{{$t.Dir}}">{{$t.S}}</bdi>{{end}}{{end}}
`

var pageTmpl = template.Must(template.New("page").Funcs(template.FuncMap{
	// ltr escapes a text and isolates the values marked by ltrMark.
	"ltr": func(s string) template.HTML { return template.HTML(unmarkLTR(template.HTMLEscapeString(s), true)) },
}).Parse(pageTemplate))

func renderHTML(d *doc) ([]byte, error) {
	var buf bytes.Buffer
	if err := pageTmpl.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
