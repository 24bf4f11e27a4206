package learn

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// HTML renders the report as one self-contained page: the data and its warnings, the ranked
// comparison, an ROC plot of every model, URAN's calibration, subgroups, and importance plots of
// the features and image types URAN relies on. The plots are inline SVG drawn with gonum/plot.
func HTML(rep *Report) ([]byte, error) {
	roc, err := rocSVG(rep)
	if err != nil {
		return nil, fmt.Errorf("ROC plot: %w", err)
	}
	feat, err := featureSVG(rep)
	if err != nil {
		return nil, fmt.Errorf("importance plot: %w", err)
	}
	types, err := imageTypeSVG(rep)
	if err != nil {
		return nil, fmt.Errorf("image type plot: %w", err)
	}
	title := rep.Title
	if title == "" {
		title = "URAN cross-validation"
	}
	top := rep.Importance.Features
	top = top[:min(20, len(top))]
	var b bytes.Buffer
	err = pageTemplate.Execute(&b, map[string]any{
		"Title": title, "R": rep, "ROC": roc, "Features": feat, "Types": types, "Top": top,
	})
	return b.Bytes(), err
}

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"f3":  func(v float64) string { return fmt.Sprintf("%.3f", v) },
	"f4":  func(v float64) string { return fmt.Sprintf("%.4f", v) },
	"pct": func(v float64) string { return fmt.Sprintf("%.0f%%", 100*v) },
	"p": func(v *float64) string {
		if v == nil {
			return "—"
		}
		return formatP(*v)
	},
	"counts": countsText,
	"deref":  func(v *float64) float64 { return *v },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;
text-align:right}td:first-child,th:first-child,td.l{text-align:left}.warn{background:#fff4e0;
border-left:4px solid #e69500;padding:.5rem 1rem}figure{margin:1rem 0}small{color:#555}
</style></head><body>
<h1>{{.Title}}</h1>
{{with .R}}
<p>Data: {{.Data.Source}} — {{.Data.Rows}} rows in {{.Data.Groups}} groups, {{.Data.Features}}
features; classes {{counts .Data.Classes .Data.ClassCounts}}{{if .Data.Positive}} (positive:
{{.Data.Positive}}){{end}}.</p>
{{if .Data.Excluded}}<p>Left out:</p><ul>{{range .Data.Excluded}}<li>{{.}}</li>{{end}}</ul>{{end}}
<p>{{.Scheme}}; seed {{.Seed}}.</p>
{{if .Warnings}}<div class="warn"><strong>Warnings</strong><ul>
{{range .Warnings}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
<h2>URAN</h2>
<p>AUC <strong>{{f3 .CV.AUC}}</strong>
(95% CI {{f3 (index .CV.AUCCI 0)}}–{{f3 (index .CV.AUCCI 1)}};
SD over repeats {{f3 .CV.AUCRepeatSD}}), accuracy {{f3 .CV.Accuracy}}, sensitivity
{{f3 .CV.Sensitivity}}, specificity {{f3 .CV.Specificity}}, precision {{f3 .CV.Precision}},
F1 {{f3 .CV.F1}}, Brier {{f3 .CV.Brier}}.</p>
<h2>Comparison on the same folds</h2>
<table><tr><th>rank</th><th>model</th><th>AUC (95% CI)</th><th>accuracy</th><th>sensitivity</th>
<th>specificity</th><th>precision</th><th>F1</th><th>Brier</th><th>features used</th>
<th>epochs</th><th>p vs URAN</th></tr>
{{range .Models}}<tr><td>{{.Rank}}</td><td class="l">{{.Name}}</td>
<td>{{f3 .AUC}} ({{f3 (index .AUCCI 0)}}–{{f3 (index .AUCCI 1)}})</td><td>{{f3 .Accuracy}}</td>
<td>{{f3 .Sensitivity}}</td><td>{{f3 .Specificity}}</td><td>{{f3 .Precision}}</td>
<td>{{f3 .F1}}</td><td>{{f3 .Brier}}</td><td>{{printf "%.1f" .MeanKept}}</td>
<td>{{if .MeanEpochs}}{{printf "%.0f" .MeanEpochs}}{{else}}—{{end}}</td><td>{{p .PValue}}</td></tr>
{{end}}</table>
<p><small>{{.Aggregate}}</small></p>
{{end}}
{{if .ROC}}<figure>{{.ROC}}<figcaption>Out-of-fold ROC curves (all repeats pooled).
</figcaption></figure>{{end}}
{{with .R}}
{{if .CV.Calibration}}<h2>Calibration of URAN</h2>
<table><tr><th>P(positive)</th><th>cases</th><th>mean predicted</th><th>observed rate</th></tr>
{{range .CV.Calibration}}<tr><td>{{.Range}}</td><td>{{.N}}</td><td>{{f3 .MeanPredicted}}</td>
<td>{{f3 .ObservedRate}}</td></tr>{{end}}</table>{{end}}
{{if .Subgroups}}<h2>Subgroups (URAN)</h2>
<table><tr><th>subgroup</th><th>rows</th><th>AUC (95% CI)</th><th>accuracy</th>
<th>sensitivity</th><th>specificity</th></tr>
{{range .Subgroups}}<tr><td>{{.Column}} = {{.Value}}</td><td>{{.Rows}}</td>
<td>{{if .AUC}}{{f3 (deref .AUC)}}{{else}}—{{end}}</td><td>{{f3 .Accuracy}}</td>
<td>{{f3 .Sensitivity}}</td><td>{{f3 .Specificity}}</td></tr>{{end}}</table>{{end}}
<h2>What URAN relies on</h2>
{{end}}
{{if .Features}}<figure>{{.Features}}<figcaption>Permutation importance: mean drop of the
test-fold AUC when a feature is shuffled (top 20).</figcaption></figure>{{end}}
{{if .Types}}<figure>{{.Types}}<figcaption>Permutation importance per image type (all kept
features of the type shuffled together).</figcaption></figure>{{end}}
<table><tr><th>feature</th><th>selected by HKFS</th><th>mean MAAE gate</th>
<th>permutation ΔAUC</th></tr>
{{range .Top}}<tr><td>{{.Feature}}</td><td>{{pct .Selected}}</td><td>{{f3 .MeanGate}}</td>
<td>{{f4 .Permutation}}</td></tr>{{end}}</table>
{{with .R}}
<table><tr><th>image type</th><th>features</th><th>kept per fit</th><th>mean MAAE gate</th>
<th>permutation ΔAUC</th></tr>
{{range .Importance.ImageTypes}}<tr><td>{{.ImageType}}</td><td>{{.Features}}</td>
<td>{{printf "%.1f" .MeanKept}}</td><td>{{f3 .MeanGate}}</td><td>{{f4 .Permutation}}</td></tr>
{{end}}</table>
{{with .Final}}<h2>Final model</h2><p>Trained on every row: {{.Kept}} key features (HKFS
penalty {{printf "%.4g" .Alpha}}), {{.Epochs}} epochs, threshold {{f3 .Threshold}}.</p>{{end}}
<p><small>Command: <code>{{.Command}}</code></small></p>
{{end}}
</body></html>
`))

// svgOf renders a plot as inline SVG markup (the XML prologue removed).
func svgOf(p *plot.Plot, w, h vg.Length) (template.HTML, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if _, err := wt.WriteTo(&b); err != nil {
		return "", err
	}
	s := b.String()
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return template.HTML(s), nil
}

// palette holds distinguishable colours for the models.
var palette = []color.RGBA{{0, 90, 181, 255}, {220, 50, 32, 255}, {0, 150, 80, 255},
	{150, 80, 180, 255}, {230, 140, 0, 255}, {90, 90, 90, 255}}

// rocSVG plots every model's pooled out-of-fold ROC curve and the diagonal.
func rocSVG(rep *Report) (template.HTML, error) {
	if len(rep.CV.ROC) == 0 {
		return "", nil
	}
	p := plot.New()
	p.Title.Text = "ROC (out-of-fold)"
	p.X.Label.Text = "1 − specificity"
	p.Y.Label.Text = "sensitivity"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return "", err
	}
	diag.Color = color.Gray{Y: 180}
	diag.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	p.Add(diag)
	for i, m := range rep.Models {
		xy := make(plotter.XYs, len(m.ROC))
		for k, pt := range m.ROC {
			xy[k].X, xy[k].Y = pt.FPR, pt.TPR
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return "", err
		}
		l.Color = palette[i%len(palette)]
		l.Width = vg.Points(1.5)
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("%s (%.3f)", m.Name, m.AUC), l)
	}
	p.Legend.Left, p.Legend.Top = false, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(5), vg.Points(5)
	return svgOf(p, 6*vg.Inch, 5*vg.Inch)
}

// barsSVG draws horizontal bars, the first label on top.
func barsSVG(title, axis string, labels []string, values []float64) (template.HTML, error) {
	if len(values) == 0 {
		return "", nil
	}
	n := len(values)
	v := make(plotter.Values, n)
	names := make([]string, n)
	for i := range values { // reversed: the plot's y axis grows upwards
		v[n-1-i] = values[i]
		names[n-1-i] = labels[i]
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = axis
	bars, err := plotter.NewBarChart(v, vg.Points(10))
	if err != nil {
		return "", err
	}
	bars.Horizontal = true
	bars.Color = palette[0]
	bars.LineStyle.Width = 0
	p.Add(bars)
	p.NominalY(names...)
	return svgOf(p, 8*vg.Inch, vg.Points(float64(60+16*n)))
}

// featureSVG plots the permutation importance of the top 20 features.
func featureSVG(rep *Report) (template.HTML, error) {
	fi := rep.Importance.Features
	fi = fi[:min(20, len(fi))]
	labels := make([]string, len(fi))
	values := make([]float64, len(fi))
	for i, f := range fi {
		labels[i], values[i] = f.Feature, f.Permutation
	}
	return barsSVG("Feature importance (URAN)", "mean AUC drop when shuffled", labels, values)
}

// imageTypeSVG plots the permutation importance of every image type.
func imageTypeSVG(rep *Report) (template.HTML, error) {
	its := rep.Importance.ImageTypes
	labels := make([]string, len(its))
	values := make([]float64, len(its))
	for i, t := range its {
		labels[i], values[i] = t.ImageType, t.Permutation
	}
	return barsSVG("Image type importance (URAN)", "mean AUC drop when shuffled", labels, values)
}
