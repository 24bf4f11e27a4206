package imageio

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uran-browser/uran/radiomics/pyref"
)

// busiColoured are the 10 BUSI images with coloured pixels, per the data set's README.
var busiColoured = map[string]bool{}

func init() {
	for _, n := range []int{6, 69, 102, 173, 234, 240, 255, 261, 277, 323} {
		busiColoured["benign/images/benign ("+strconv.Itoa(n)+").png"] = true
	}
}

// TestBUSI decodes every staged BUSI image and mask and checks them against index.csv (sizes,
// colour mode, 8-connected components per mask file) and the README (which images have
// coloured pixels; the one RGBA mask). With -short it takes every 20th case.
func TestBUSI(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "data", "busi")
	f, err := os.Open(filepath.Join(dir, "index.csv"))
	if err != nil {
		pyref.Unavailable(t, "BUSI not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	rows = rows[1:]
	if len(rows) != 467 {
		t.Errorf("index.csv has %d rows, want 467", len(rows))
	}

	coloured, masks := 0, 0
	for i, r := range rows {
		if testing.Short() && i%20 != 0 && r[col["image"]] != "benign/images/benign (4).png" {
			continue
		}
		imgPath := filepath.Join(dir, r[col["image"]])
		img, info, err := ReadImage(imgPath, nil)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		w, _ := strconv.Atoi(r[col["width"]])
		h, _ := strconv.Atoi(r[col["height"]])
		if img.Width != w || img.Height != h {
			t.Errorf("%s: %d × %d, index says %d × %d", imgPath, img.Width, img.Height, w, h)
		}
		if r[col["image_mode"]] == "RGB" && info.ColorModel != "RGB" {
			t.Errorf("%s: colour model %s", imgPath, info.ColorModel)
		}
		wantColoured := busiColoured[r[col["image"]]]
		if got := hasWarning(info, "are coloured"); got != wantColoured ||
			(info.ColoredPixels > 0) != wantColoured {
			t.Errorf("%s: coloured warning %v (%d pixels), want %v", imgPath, got,
				info.ColoredPixels, wantColoured)
		}
		if wantColoured {
			coloured++
		}

		comps := strings.Split(r[col["mask_components"]], ";")
		for k, m := range strings.Split(r[col["masks"]], ";") {
			masks++
			maskPath := filepath.Join(dir, m)
			mask, minfo, err := ReadMask(maskPath, nil)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			if err := MatchPair(img, info, mask, minfo); err != nil {
				t.Error(err)
			}
			// index.csv's counts turn out to be 4-connected (the README says 8), so they
			// check an independent 4-connected count; ours is checked against a flood fill.
			if want, _ := strconv.Atoi(comps[k]); floodComponents(mask.Labels, mask.Width,
				mask.Height, false) != want {
				t.Errorf("%s: index says %d components", maskPath, want)
			}
			if want := floodComponents(mask.Labels, mask.Width, mask.Height, true); minfo.
				Components != want {
				t.Errorf("%s: %d components, flood fill finds %d", maskPath, minfo.Components,
					want)
			}
			switch {
			case r[col["cls"]] == "normal":
				// Empty: CheckLesion reports it, and decoding does not warn about it too.
				if len(minfo.Labels) != 0 || len(minfo.Warnings) != 0 {
					t.Errorf("%s: normal mask labels %+v, warnings %q", maskPath,
						minfo.Labels, minfo.Warnings)
				}
			case len(minfo.Labels) != 1 || minfo.Labels[0].Value != 255:
				t.Errorf("%s: labels %+v, want the single label 255", maskPath, minfo.Labels)
			default:
				// Every real mask passes the image-given-as-mask check, and none covers
				// so much of its image that it is reported as a likely inverted mask.
				les, err := CheckLesion(mask, maskPath, 0, img, info)
				if err != nil {
					t.Errorf("%s: %v", maskPath, err)
				} else if hasLesionWarning(les, "of the image: is the mask inverted") {
					t.Errorf("%s: a real lesion reported as too large: %q", maskPath,
						les.Warnings)
				}
			}
			if strings.HasSuffix(m, "benign (4)_mask_1.png") && minfo.ColorModel != "RGBA" {
				t.Errorf("%s: colour model %s, want RGBA", maskPath, minfo.ColorModel)
			}
		}
	}
	if !testing.Short() && (coloured != 10 || masks != 479) {
		t.Errorf("%d coloured images and %d masks, want 10 and 479", coloured, masks)
	}
}

// floodComponents counts the components of non-zero pixels by depth-first flood fill, with
// 8- or 4-connectivity: a reference for the run-based count.
func floodComponents(l []uint32, w, h int, eight bool) int {
	seen := make([]bool, len(l))
	n := 0
	for s := range l {
		if l[s] == 0 || seen[s] {
			continue
		}
		n++
		stack := []int{s}
		seen[s] = true
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := p%w, p/w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					X, Y := x+dx, y+dy
					if (!eight && dx != 0 && dy != 0) || X < 0 || Y < 0 || X >= w || Y >= h {
						continue
					}
					if q := Y*w + X; l[q] != 0 && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
	}
	return n
}

// TestBUSIMatchesReference: the team's PyRadiomics reference inputs hold BUSI images as
// channel 0 of the RGB PNG (all channels equal) and masks as mask > 0, saved as .npy. Decoding
// the PNG (luma rule) and the .npy (another decoder) must give identical numbers.
func TestBUSIMatchesReference(t *testing.T) {
	shared := sharedDir(t)
	ref := filepath.Join(shared, "reference", "pyradiomics2d", "busi", "inputs")
	cases := map[string]string{
		"busi_benign_388":    "benign/images/benign (388).png",
		"busi_benign_409":    "benign/images/benign (409).png",
		"busi_malignant_155": "malignant/images/malignant (155).png",
		"busi_malignant_156": "malignant/images/malignant (156).png",
		"busi_malignant_176": "malignant/images/malignant (176).png",
	}
	for id, png := range cases {
		want, _, err := ReadImage(filepath.Join(ref, id+"_image.npy"), nil)
		if err != nil {
			pyref.Unavailable(t, "reference inputs not available: %v", err)
		}
		got, _, err := ReadImage(filepath.Join(shared, "data", "busi", png), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Width != want.Width || got.Height != want.Height {
			t.Fatalf("%s: %d×%d vs %d×%d", id, got.Width, got.Height, want.Width, want.Height)
		}
		for i := range want.Pix {
			if got.Pix[i] != want.Pix[i] {
				t.Fatalf("%s: pixel %d = %v, reference %v", id, i, got.Pix[i], want.Pix[i])
			}
		}

		refMask, _, err := ReadMask(filepath.Join(ref, id+"_mask.npy"), nil)
		if err != nil {
			t.Fatal(err)
		}
		maskPNG := strings.Replace(strings.Replace(png, "/images/", "/mask/", 1), ".png",
			"_mask.png", 1)
		mask, _, err := ReadMask(filepath.Join(shared, "data", "busi", maskPNG), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range refMask.Labels {
			if (mask.Labels[i] != 0) != (refMask.Labels[i] != 0) {
				t.Fatalf("%s: mask pixel %d = %d, reference %d", id, i, mask.Labels[i],
					refMask.Labels[i])
			}
		}
	}
}

// TestSyntheticPNGMatchesNPY: the reference's synthetic inputs exist as both PNG and .npy.
func TestSyntheticPNGMatchesNPY(t *testing.T) {
	ref := filepath.Join(sharedDir(t), "reference", "pyradiomics2d", "inputs")
	pngs, _ := filepath.Glob(filepath.Join(ref, "*.png"))
	if len(pngs) == 0 {
		pyref.Unavailable(t, "reference inputs not available")
	}
	for _, p := range pngs {
		npyPath := strings.TrimSuffix(p, ".png") + ".npy"
		if strings.HasSuffix(p, "_mask.png") {
			a, _, err1 := ReadMask(p, nil)
			b, _, err2 := ReadMask(npyPath, nil)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for i := range a.Labels {
				if a.Labels[i] != b.Labels[i] {
					t.Fatalf("%s: label %d: %d vs %d", p, i, a.Labels[i], b.Labels[i])
				}
			}
			continue
		}
		a, _, err1 := ReadImage(p, nil)
		b, _, err2 := ReadImage(npyPath, nil)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		wantPix(t, a.Pix, b.Pix, 0)
	}
}
