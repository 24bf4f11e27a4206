package learn

import (
	"fmt"
	"strings"
)

// Markdown renders the report's main figures as Markdown: the data, URAN's cross-validated
// metrics, the ranked comparison table, subgroups, the most important features and the
// warnings.
func Markdown(rep *Report) string {
	var b strings.Builder
	title := rep.Title
	if title == "" {
		title = "URAN cross-validation"
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	d := rep.Data
	fmt.Fprintf(&b, "Data: %s — %d rows, %d groups, %d features; classes %s.\n\n", d.Source,
		d.Rows, d.Groups, d.Features, countsText(d.Classes, d.ClassCounts))
	fmt.Fprintf(&b, "Scheme: %s, seed %d.\n\n", rep.Scheme, rep.Seed)
	c := rep.CV
	fmt.Fprintf(&b, "URAN: AUC %.3f (95%% CI %.3f–%.3f; SD over repeats %.3f), accuracy %.3f, "+
		"sensitivity %.3f, specificity %.3f, precision %.3f, F1 %.3f, Brier %.3f.\n\n",
		c.AUC, c.AUCCI[0], c.AUCCI[1], c.AUCRepeatSD, c.Accuracy, c.Sensitivity,
		c.Specificity, c.Precision, c.F1, c.Brier)
	b.WriteString("| rank | model | AUC (95% CI) | accuracy | sensitivity | specificity | F1 | " +
		"Brier | features used | p vs URAN |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, m := range rep.Models {
		p := "—"
		if m.PValue != nil {
			p = formatP(*m.PValue)
		}
		fmt.Fprintf(&b, "| %d | %s | %.3f (%.3f–%.3f) | %.3f | %.3f | %.3f | %.3f | %.3f | "+
			"%.1f | %s |\n", m.Rank, m.Name, m.AUC, m.AUCCI[0], m.AUCCI[1], m.Accuracy,
			m.Sensitivity, m.Specificity, m.F1, m.Brier, m.MeanKept, p)
	}
	if len(rep.Subgroups) > 0 {
		b.WriteString("\n| subgroup | rows | AUC (95% CI) | accuracy | sensitivity | " +
			"specificity |\n|---|---|---|---|---|---|\n")
		for _, s := range rep.Subgroups {
			a := "—"
			if s.AUC != nil {
				a = fmt.Sprintf("%.3f (%.3f–%.3f)", *s.AUC, s.AUCCI[0], s.AUCCI[1])
			}
			fmt.Fprintf(&b, "| %s = %s | %d | %s | %.3f | %.3f | %.3f |\n", s.Column, s.Value,
				s.Rows, a, s.Accuracy, s.Sensitivity, s.Specificity)
		}
	}
	if fi := rep.Importance.Features; len(fi) > 0 {
		b.WriteString("\nMost important features (URAN, out-of-fold):\n\n| feature | selected | " +
			"mean MAAE gate | permutation ΔAUC |\n|---|---|---|---|\n")
		for _, f := range fi[:min(10, len(fi))] {
			fmt.Fprintf(&b, "| %s | %.0f%% | %.3f | %.4f |\n", f.Feature, 100*f.Selected,
				f.MeanGate, f.Permutation)
		}
	}
	if len(rep.Warnings) > 0 {
		b.WriteString("\nWarnings:\n\n")
		for _, w := range rep.Warnings {
			fmt.Fprintf(&b, "- %s\n", w)
		}
	}
	return b.String()
}

func countsText(classes []string, counts []int) string {
	var parts []string
	for c, name := range classes {
		parts = append(parts, fmt.Sprintf("%s %d", name, counts[c]))
	}
	return strings.Join(parts, ", ")
}

// formatP prints a p-value with three decimals, or "< 0.001".
func formatP(p float64) string {
	if p < 0.001 {
		return "< 0.001"
	}
	return fmt.Sprintf("%.3f", p)
}
