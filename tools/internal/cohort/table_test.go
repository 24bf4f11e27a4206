package cohort

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestReadTableJoinsLabels reads a BUS_UCLM-shaped pair of files: features by image id, labels
// in a second file (in another order), patients from the id prefix.
func TestReadTableJoinsLabels(t *testing.T) {
	dir := t.TempDir()
	feats := writeFile(t, dir, "All.csv",
		"\ufeffnamelist,original_firstorder_Mean,wavelet-LH_glcm_Idm\n"+
			"ALWI_000,1.5,2\nALWI_002,2.5,-1e-3\nCHVI_001,3,4\n")
	labels := writeFile(t, dir, "namelist.csv", "namelist;labels;note\r\nCHVI_001;1;x\r\n"+
		"ALWI_000;0;\r\nALWI_002;0;\r\n")
	d, excluded, err := ReadTable(TableOptions{Path: feats, Labels: labels,
		Columns: Columns{ID: "namelist", Label: "labels", GroupPattern: `^([^_]+)_`}})
	if err != nil {
		t.Fatal(err)
	}
	if len(excluded) != 0 || len(d.X) != 3 {
		t.Fatalf("rows %d, excluded %q", len(d.X), excluded)
	}
	if strings.Join(d.Features, ",") != "original_firstorder_Mean,wavelet-LH_glcm_Idm" {
		t.Errorf("features %q", d.Features)
	}
	if strings.Join(d.Groups, ",") != "ALWI,ALWI,CHVI" || d.Y[2] != 1 || d.Y[0] != 0 {
		t.Errorf("groups %q labels %v", d.Groups, d.Y)
	}
	if d.X[1][1] != -1e-3 || d.Classes[d.Positive] != "1" {
		t.Errorf("value %v, positive %q", d.X[1][1], d.Classes[d.Positive])
	}
}

func TestReadTableErrorsNameTheCell(t *testing.T) {
	dir := t.TempDir()
	feats := writeFile(t, dir, "f.csv", "id,label,a,b\nr1,x,1,2\nr2,y,3,oops\n")
	_, _, err := ReadTable(TableOptions{Path: feats, Columns: Columns{ID: "id", Label: "label"}})
	if err == nil || !strings.Contains(err.Error(), "row r2, column b") {
		t.Fatalf("got %v, want an error naming row r2 column b", err)
	}
	_, _, err = ReadTable(TableOptions{Path: feats, Columns: Columns{ID: "id", Label: "klass"}})
	if err == nil || !strings.Contains(err.Error(), `no column "klass"`) {
		t.Fatalf("got %v, want an error naming the missing column", err)
	}
	labels := writeFile(t, dir, "l.csv", "id,label\nr1,x\n")
	_, _, err = ReadTable(TableOptions{Path: feats, Labels: labels, Ignore: []string{"label"},
		Columns: Columns{ID: "id", Label: "label"}})
	if err == nil || !strings.Contains(err.Error(), "row r2 has no entry") {
		t.Fatalf("got %v, want an error for the unlabelled row", err)
	}
}

func TestReadTableClassesFilterAndOrder(t *testing.T) {
	dir := t.TempDir()
	feats := writeFile(t, dir, "f.csv", "id,label,g,a\n1,benign,p1,1\n2,normal,p2,2\n"+
		"3,malignant,p2,3\n4,benign,p3,4\n")
	d, excluded, err := ReadTable(TableOptions{Path: feats, Columns: Columns{ID: "id",
		Label: "label", Group: "g", Classes: []string{"malignant", "benign"},
		Positive: "malignant"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.X) != 3 || len(excluded) != 1 || !strings.Contains(excluded[0], `"normal"`) {
		t.Fatalf("rows %d excluded %q", len(d.X), excluded)
	}
	if d.Positive != 0 || d.Y[0] != 1 || d.Y[1] != 0 {
		t.Errorf("positive %d labels %v (want malignant = 0)", d.Positive, d.Y)
	}
}

func TestReadManifestAndSelect(t *testing.T) {
	dir := t.TempDir()
	man := writeFile(t, dir, "index.csv", "cls,image,masks,dup_group\n"+
		"benign,benign/images/benign (4).png,benign/mask/a.png;benign/mask/b.png,3\n"+
		"normal,normal/images/normal (1).png,normal/mask/n.png,9\n"+
		"malignant,/abs/m.png,/abs/m_mask.png,4\n")
	cases, err := ReadManifest(man, "image", "masks", Columns{Label: "cls", Group: "dup_group"},
		true)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 3 || len(cases[0].Masks) != 2 ||
		cases[0].Masks[1] != filepath.Join(dir, "benign/mask/b.png") ||
		cases[2].Image != "/abs/m.png" || cases[0].Group != "3" {
		t.Fatalf("cases %+v", cases)
	}
	kept, classes, pos, notes, err := Select(cases, []string{"benign", "malignant"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(kept) != 2 || classes[pos] != "malignant" || len(notes) != 1 {
		t.Fatalf("kept %d classes %q pos %d notes %q", len(kept), classes, pos, notes)
	}
	if _, err := ReadManifest(man, "image", "mask", Columns{Label: "cls"}, true); err == nil ||
		!strings.Contains(err.Error(), `no column "mask"`) {
		t.Fatalf("missing mask column: %v", err)
	}
}
