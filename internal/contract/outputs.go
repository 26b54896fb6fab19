package contract

import (
	"github.com/continuum-screening/continuum/internal/referral"
	"github.com/continuum-screening/continuum/internal/scoring"
)

var (
	levelIDs   = scoring.LevelIDs[:]
	elementIDs = scoring.ElementIDs[:]
	statuses   = []string{"negative", "undetermined", "positive"}
	tri        = []string{"no", "unknown", "yes"}
)

// Record is the result of one record: a line of `continuum score` (JSON
// Lines) and, but for the fields marked CSVNone, a row of its CSV. The
// order here is the order of the output.
var Record = []Field{
	schemaVersion(),
	str("id", "The record's id, as given in the input."),
	str("form", "The questionnaire's id."),
	str("form_version", "The questionnaire's version."),
	str("model_version", "The scoring model's version (--model)."),
	integer("level", "The level with unknown answers read as no (the floor), 0 to 5."),
	integer("level_ceiling", "The level with every unknown answer read as yes (the ceiling), level to 5."),
	str("level_id", "The floor's stable id.", levelIDs...),
	str("ceiling_id", "The ceiling's stable id.", levelIDs...),
	str("level_name", "The floor's name in the output language."),
	str("ceiling_name", "The ceiling's name in the output language."),
	{Name: "dimensions", Type: Object, CSV: CSVPerKey,
		Doc:   "The state of each ILO/EC Delphi dimension: positive (met by the yes answers), undetermined (unknown answers could meet it) or negative.",
		Keys:  "the questionnaire's dimension ids, in definition order",
		Value: &Field{Type: String, Values: statuses}},
	{Name: "elements", Type: Object, CSV: CSVPerKey,
		Doc:   "The state of each element of the scoring model, as for dimensions.",
		Keys:  "recruitment-means, exploitation, destination-means, coercion",
		Value: &Field{Type: String, Values: statuses}},
	str("delphi_strict", "Whether the strict per-dimension ILO/EC (2009) rule for adult trafficking holds.", statuses...),
	withCSV(texts("items", "The ids of the Delphi items present (answered yes), in definition order."), CSVJoined),
	withCSV(texts("items_unknown", "The ids of the items that unknown answers could show and no yes answer shows."), CSVJoined),
	withCSV(texts("ilo_indicators", "The ids of the ILO indicators of forced labour present, in definition order."), CSVJoined),
	boolean("minor", "The person said they are under 18."),
	boolean("danger", "The person said they are in immediate danger."),
	withCSV(texts("flags_unknown", "The flags whose question was not answered yes or no.", "danger", "minor"), CSVJoined),
	withCSV(texts("could_raise", "The ids of the unanswered questions that could raise the level."), CSVJoined),
	withCSV(list("inconsistent", "Answers to questions their gate did not open: reported, not scored. In CSV, question<gate items joined by spaces.",
		str("question", "The question answered."),
		str("gate", "The question whose answer kept it closed.")), CSVJoined),
	withCSV(texts("referrals", "The referral type ids suggested for this result, in order (see referrals --json)."), CSVJoined),
	withCSV(texts("trace", "Why the level is what it is, in sentences in the output language."), CSVNone),
}

func contactFields() []Field {
	var out []Field
	for _, k := range referral.ContactKeys {
		out = append(out, optional(str(k, "The service's "+k+" contact, as the directory gives it.")))
	}
	return out
}

func withCSV(f Field, c CSVForm) Field { f.CSV = c; return f }

// Summary is the document of `continuum score --summary --format json`.
var Summary = []Field{
	schemaVersion(),
	str("form", "The questionnaire's id."),
	str("form_version", "The questionnaire's version."),
	str("model_version", "The scoring model's version."),
	integer("min_cell", "The disclosure-control threshold (--min-cell): counts below it, and the cells that would give them away, are hidden."),
	texts("by", "The grouping columns of the breakdown (--by), possibly none."),
	list("rows", "One row per table row and group.",
		str("table", "The table.", "records", "level", "level_ceiling", "dimension", "ilo_indicator", "delphi_item"),
		str("row", "The row: records; a level id; a dimension, ILO indicator or Delphi item id."),
		optional(integer("level", "The level's number, in the level and level_ceiling tables.")),
		Field{Name: "groups", Type: Object, Optional: true, Doc: "The group of this row, one value per grouping column; \"all\" for all records, \"(other)\" for small groups counted together.",
			Keys: "the grouping columns of --by", Value: &Field{Type: String}},
		Field{Name: "n", Type: Integer, Nullable: true, Doc: "The count, with its cell-key noise; null when hidden."},
		boolean("suppressed", "The count is hidden by disclosure control."),
		optional(integer("of", "The number of records of the group the count is a share of; left out when hidden or for the records row.")),
		optional(Field{Name: "percent", Type: Number, Doc: "n as a percentage of of, rounded to 4 decimals; left out when n or of is hidden."}),
		optional(Field{Name: "ci95", Type: Array, Doc: "The 95% Wilson interval of percent, low and high, in percent.", Items: &Field{Type: Number}}),
	),
}

// The columns the summary CSV and the evaluation CSV share.
var (
	groupColumns     = Field{Name: "groups", Type: String, Keys: "one column per grouping column of --by, named by it", Doc: "The group's value in that column; all for all records, (other) for small groups counted together."}
	suppressedColumn = boolean("suppressed", "1 when the count is hidden by disclosure control, else 0.")
	ci95Low          = optional(Field{Name: "ci95_low", Type: Number, Doc: "The low end of the 95% Wilson interval, in percent."})
	ci95High         = optional(Field{Name: "ci95_high", Type: Number, Doc: "The high end of the 95% Wilson interval, in percent."})
)

// SummaryCSV is the table of `continuum score --summary --format csv`.
var SummaryCSV = []Field{
	str("table", "The table, as in the JSON summary.", "records", "level", "level_ceiling", "dimension", "ilo_indicator", "delphi_item"),
	str("row", "The row, as in the JSON summary: records, a level id, a dimension, ILO indicator or Delphi item id."),
	optional(integer("level", "The level's number, in the level and level_ceiling tables; empty in the others.")),
	groupColumns,
	optional(integer("n", "The count, with its cell-key noise; empty when hidden (suppressed is 1).")),
	suppressedColumn,
	optional(integer("of", "The number of records of the group the count is a share of; empty for the records row and when hidden (of_suppressed is 1).")),
	boolean("of_suppressed", "1 when the number of records of the group is hidden, else 0."),
	optional(Field{Name: "percent", Type: Number, Doc: "n as a percentage of of, one decimal; empty when n or of is hidden."}),
	ci95Low, ci95High,
}

// evalValue is a figure of an evaluation that may be hidden or not
// computable.
func evalValue(name, doc string) Field {
	return object(name, doc,
		Field{Name: "value", Type: Number, Nullable: true, Doc: "The figure, a proportion from 0 to 1 rounded to 4 decimals; null when it is hidden or cannot be computed."},
		boolean("computable", "The figure could be computed: it is shown and its denominator is above 0."),
		boolean("suppressed", "The figure is hidden by disclosure control."))
}

// evalFigure is a share of published counts with its interval.
func evalFigure(name, doc string) Field {
	return object(name, doc,
		Field{Name: "n", Type: Integer, Nullable: true, Doc: "The numerator, with its cell-key noise; null when hidden."},
		Field{Name: "of", Type: Integer, Nullable: true, Doc: "The denominator, with its cell-key noise; null when hidden."},
		Field{Name: "percent", Type: Number, Nullable: true, Doc: "n as a percentage of of, rounded to 4 decimals; null when hidden or not computable."},
		Field{Name: "ci95", Type: Array, Nullable: true, Doc: "The 95% Wilson interval of percent, low and high, in percent; null when hidden or not computable.", Items: &Field{Type: Number}},
		boolean("computable", "The figure could be computed: n and of are shown and of is above 0."),
		boolean("suppressed", "n or of is hidden by disclosure control."))
}

func evalCount(name, doc string) Field {
	return Field{Name: name, Type: Integer, Nullable: true, Doc: doc + " With its cell-key noise; null when hidden."}
}

func evalBasis(name, doc string) Field {
	return object(name, doc,
		evalCount("records", "The records with a known reference."),
		evalCount("reference_positive", "The records whose reference is positive."),
		evalCount("reference_negative", "The records whose reference is negative."),
		evalFigure("sensitivity", "The positive screens among the records with a positive reference."),
		evalFigure("specificity", "The negative screens among the records with a negative reference."),
		evalFigure("ppv", "The positive predictive value: records with a positive reference among the positive screens."),
		evalFigure("npv", "The negative predictive value: records with a negative reference among the negative screens."),
		list("levels", "The table of levels against the reference, one row per level or per band of neighbouring levels merged because a level alone has fewer than min_cell records.",
			integer("from", "The band's lowest level, 0 to 5."),
			integer("to", "The band's highest level, from to 5."),
			optional(str("id", "The level's id, for a band of one level.", levelIDs...)),
			evalCount("all", "The records of the band."),
			evalCount("positive", "Those with a positive reference."),
			evalCount("negative", "Those with a negative reference.")),
		list("roc", "The points of the ROC curve, from threshold 6 (no positive screen) to 0 (every record positive), at the thresholds that start a band.",
			integer("threshold", "The lowest level counted as a positive screen."),
			evalValue("sensitivity", "The share of positive screens among the records with a positive reference (true positive rate)."),
			evalValue("false_positive_rate", "The share of positive screens among the records with a negative reference (1 - specificity).")),
		evalValue("auc", "The area under the ROC curve, by the trapezoid rule."),
		list("at_prevalence", "The predictive values recomputed by Bayes' rule for each --prevalence.",
			Field{Name: "prevalence", Type: Number, Doc: "The prevalence, a proportion."},
			evalValue("ppv", "The positive predictive value at that prevalence."),
			evalValue("npv", "The negative predictive value at that prevalence.")))
}

// Evaluation is the document of `continuum evaluate --format json`.
var Evaluation = []Field{
	schemaVersion(),
	str("form", "The questionnaire's id."),
	str("form_version", "The questionnaire's version."),
	str("model_version", "The scoring model's version."),
	str("reference", "The reference column (--reference or the mapping file)."),
	integer("threshold", "The lowest level counted as a positive screen (--threshold)."),
	Field{Name: "prevalences", Type: Array, Doc: "The prevalences of --prevalence, as proportions, possibly none.", Items: &Field{Type: Number}},
	integer("min_cell", "The disclosure-control threshold (--min-cell)."),
	texts("by", "The grouping columns of the breakdown (--by), possibly none."),
	integer("merged_groups", "The number of groups too small to show on their own, counted together as (other)."),
	boolean("breakdown_withheld", "The breakdown is not shown: its groups are too small."),
	list("groups", "All records first, then one entry per group shown.",
		Field{Name: "groups", Type: Object, Optional: true, Doc: "The group's value in each grouping column; left out for all records; \"(other)\" for small groups counted together.",
			Keys: "the grouping columns of --by", Value: &Field{Type: String}},
		evalBasis("floor", "The figures for the floor level (unknown answers read as no)."),
		evalBasis("ceiling", "The figures for the ceiling level (unknown answers read as yes).")),
}

// EvaluationCSV is the table of `continuum evaluate --format csv`.
var EvaluationCSV = []Field{
	str("basis", "The level the row is about.", "floor", "ceiling"),
	str("table", "The table: the record counts, a figure at the threshold, a row of the table of levels, a ROC point, the AUC, or a predictive value at a prevalence.", "records", "figure", "level", "roc", "auc", "prevalence"),
	str("row", "The row: records; sensitivity, specificity, ppv or npv; a level (\"4 forced-labour\") or a band (\"2–3\"); a threshold; auc; ppv or npv."),
	optional(str("reference", "The reference column of a count: all, positive or negative.", "all", "positive", "negative")),
	optional(Field{Name: "prevalence", Type: Number, Doc: "The prevalence of a prevalence row, a proportion."}),
	groupColumns,
	optional(integer("n", "The count, with its cell-key noise; empty when hidden (suppressed is 1) and in the rows without a count (auc, prevalence).")),
	suppressedColumn,
	optional(integer("of", "The denominator of a figure or ROC point, with its cell-key noise; empty when hidden (of_suppressed is 1) and in the other rows.")),
	boolean("of_suppressed", "1 when the denominator is hidden by disclosure control, else 0."),
	optional(Field{Name: "percent", Type: Number, Doc: "n as a percentage of of, one decimal; empty when hidden or not computable."}),
	ci95Low, ci95High,
	optional(Field{Name: "value", Type: Number, Doc: "The figure as a proportion (a figure, a ROC rate, the AUC, a predictive value), 4 decimals; empty when hidden or not computable."}),
}

// WideColumns are the columns --wide adds at the end of the per-record CSV.
var WideColumns = []Field{
	{Name: "ilo", Type: Boolean, Keys: "ilo.<indicator id> for each ILO indicator of the questionnaire, in definition order (with --wide)",
		Doc: "1 when the indicator is present, else 0."},
	{Name: "item", Type: Boolean, Keys: "item.<item id> for each Delphi item a question asks about, in definition order (with --wide)",
		Doc: "1 when the item is present (answered yes), else 0; items_unknown says which unknown answers could show it."},
}

// Questions is the document of `continuum questions --json`.
var Questions = []Field{
	schemaVersion(),
	str("id", "The questionnaire's id."),
	str("version", "The questionnaire's version."),
	str("model_version", "The scoring model's version."),
	str("language", "The language of the texts (a code)."),
	integer("shortest_path", "The number of questions on the shortest way through the skip logic."),
	integer("longest_path", "The number of questions on the longest way."),
	list("choices", "The answers every scored question offers.",
		str("id", "The answer's id, as written in answer files."),
		str("label", "The answer in the output language.")),
	list("questions", "The questions in the order they are asked.",
		str("id", "The question's id, as written in answer files."),
		optional(str("role", "A question that sets a flag or the child rule rather than an item.", "danger", "minor", "third-party")),
		optional(str("sign", "The question is evidence of involuntariness (scoring model 2) and evidences no item.", "involuntariness")),
		optional(object("show_if", "The question is asked only after one of these answers to another question.",
			str("question", "The gate question's id."),
			texts("answers", "The answer ids that open it."))),
		optional(texts("follow_ups", "The ids of the questions this one opens.")),
		optional(object("item", "The ILO/EC Delphi item a yes evidences.",
			str("id", "The item's id."),
			str("grade", "The item's grade.", "weak", "medium", "strong"),
			str("dimension", "The item's dimension id."),
			str("source", "Where the item and its grade come from."))),
		texts("indicators", "The ids of the ILO indicators a yes shows."),
		str("text", "The question in the output language."),
		str("help", "The help text in the output language.")),
}

// Indicators is the document of `continuum indicators --json`.
var Indicators = []Field{
	schemaVersion(),
	list("indicators", "The ILO indicators of forced labour (one, with an ID argument).",
		str("id", "The indicator's id."),
		str("name", "Its name in the output language."),
		str("explanation", "What it covers, in the output language."),
		texts("questions", "The ids of the questions that show it."),
		texts("items", "The ids of the Delphi items those questions evidence.")),
}

// Referrals is the document of `continuum referrals --json`.
var Referrals = []Field{
	schemaVersion(),
	str("rules_version", "The version of the referral rules."),
	optional(str("directory", "The directory of local services (--directory), when one is given.")),
	optional(str("country", "The directory's country.")),
	optional(str("emergency_number", "The directory's emergency number.")),
	optional(list("helplines", "The directory's helplines.",
		str("name", "The helpline's name."),
		optional(str("slip_name", "The name printed on a take-away slip.")),
		str("phone", "Its number."),
		texts("languages", "The languages it answers in."),
		optional(str("hours", "When it answers.")))),
	list("types", "The referral types, in the order they are suggested.",
		str("id", "The type's id, as in a result's referrals."),
		str("name", "Its name in the output language."),
		str("helps", "What it can do."),
		str("before", "What to know before going."),
		str("risks", "The risks."),
		integer("rank", "Its order among the suggestions (lower first)."),
		str("consent", "When it is suggested without the person's agreement.", "always", "unless-life-at-risk", "reporting-may-be-mandatory"),
		str("consent_text", "The consent rule in the output language."),
		boolean("firewall", "Such services may pass data to immigration enforcement."),
		optional(str("caution", "The caution said next to this type, when firewall is true.")),
		list("suggest_when", "The rules that suggest this type: any one is enough; within a rule, every condition given must hold.",
			optional(integer("level_at_least", "The floor is at least this level.")),
			optional(integer("ceiling_at_least", "The ceiling is at least this level.")),
			optional(str("danger", "The danger flag has this value.", tri...)),
			optional(str("minor", "The minor flag has this value.", tri...)),
			optional(texts("items_any", "Any of these Delphi items is present.")),
			optional(texts("indicators_any", "Any of these ILO indicators is present.")),
			integer("rank", "The order this rule gives the type."),
			str("text", "The rule in the output language.")),
		optional(list("services", "The directory's services of this type.",
			str("name", "The service's name."),
			str("type", "Its referral type id."),
			texts("languages", "The languages it works in."),
			optional(str("hours", "When it is open.")),
			object("contact", "How to reach it: at least one way.", contactFields()...),
			str("shares_data_with_immigration", "Whether it passes data to immigration enforcement.", "yes", "no", "unknown"),
			boolean("firewall_caution", "A caution is said next to it (shares data, or it is not known)."),
			optional(str("free", "Whether it is free of charge.", "yes", "no", "unknown")),
			optional(str("notes", "Notes from the directory.")),
			optional(str("slip_name", "The name printed on a take-away slip."))))),
}

// Languages is the document of `continuum languages --json`.
var Languages = []Field{
	schemaVersion(),
	list("languages", "The languages of the catalogues.",
		str("code", "The language code (--lang)."),
		str("name", "Its English name."),
		str("native_name", "Its name in itself."),
		str("direction", "Its writing direction.", "ltr", "rtl"),
		integer("messages", "The messages it has."),
		integer("total", "The messages English has."),
		str("review_status", "Whether a native speaker reviewed it.", "source", "draft", "reviewed"),
		optional(str("reviewed_by", "Who reviewed it.")),
		optional(str("reviewed_on", "When."))),
}

// VersionDoc is the document of `continuum version --json`.
var VersionDoc = []Field{
	schemaVersion(),
	str("version", "The program's version."),
	str("commit", "The commit it was built from, or unknown."),
	str("form", "The questionnaire's id."),
	str("form_version", "The questionnaire's version."),
	str("model_version", "The default scoring model's version."),
	texts("model_versions", "The scoring models --model accepts."),
	str("go", "The Go version the program was built with (go1.26.0)."),
	str("os", "The operating system it was built for (GOOS: linux, windows, darwin, ...)."),
	str("arch", "The processor architecture it was built for (GOARCH: amd64, arm64, ...)."),
}

// TrainList is the document of `continuum train --list --json`.
var TrainList = []Field{
	schemaVersion(),
	str("language", "The language of the texts (a code)."),
	list("scenarios", "The training cases, without their levels.",
		str("id", "The case's id (train --case)."),
		str("sector", "Its sector id."),
		str("sector_name", "The sector in the output language."),
		str("title", "Its title in the output language.")),
}

// Outputs lists every machine-readable output, in the order of the
// reference.
var Outputs = []Output{
	{ID: "score", Title: "Results", Command: "continuum score (--format json)", Lines: true, Fields: Record,
		Doc: "One JSON object per line, one line per record, in input order."},
	{ID: "score-csv", Title: "Results as CSV", Command: "continuum score --format csv", CSV: true, Fields: Record,
		Doc: "One row per record, the fields of the results in the same order: a list is one cell with its items joined by spaces; dimensions and elements give one column per key, named by the key; the trace is left out. --wide adds one 0/1 column per ILO indicator and per Delphi item; --fields a,b,c writes only the named fields or columns, in that order; --bom starts the file with a UTF-8 byte-order mark."},
	{ID: "summary", Title: "Summary", Command: "continuum score --summary --format json", Fields: Summary,
		Doc: "The aggregate tables with disclosure control, as one JSON document."},
	{ID: "summary-csv", Title: "Summary as CSV", Command: "continuum score --summary --format csv", CSV: true, Fields: SummaryCSV,
		Doc: "The aggregate tables long: one row per table row and group. Every numeric column parses as a number; a hidden count is an empty cell with its flag set. --bom starts the file with a UTF-8 byte-order mark."},
	{ID: "evaluate", Title: "Evaluation", Command: "continuum evaluate --format json", Fields: Evaluation,
		Doc: "The screening against a reference outcome, with disclosure control, as one JSON document."},
	{ID: "evaluate-csv", Title: "Evaluation as CSV", Command: "continuum evaluate --format csv", CSV: true, Fields: EvaluationCSV,
		Doc: "The figures long: one row per count, figure, ROC point and predictive value, for the floor and the ceiling and each group. Every numeric column parses as a number; a hidden count is an empty cell with its flag set, as in the summary CSV."},
	{ID: "questions", Title: "Questionnaire", Command: "continuum questions --json", Fields: Questions},
	{ID: "indicators", Title: "ILO indicators", Command: "continuum indicators [ID] --json", Fields: Indicators},
	{ID: "referrals", Title: "Referrals", Command: "continuum referrals --json", Fields: Referrals},
	{ID: "languages", Title: "Languages", Command: "continuum languages --json", Fields: Languages},
	{ID: "version", Title: "Version", Command: "continuum version --json", Fields: VersionDoc},
	{ID: "train-list", Title: "Training cases", Command: "continuum train --list --json", Fields: TrainList},
}

// Find returns the output with the given id.
func Find(id string) *Output {
	for i := range Outputs {
		if Outputs[i].ID == id {
			return &Outputs[i]
		}
	}
	return nil
}
