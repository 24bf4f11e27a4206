package radiomics

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
)

// Options controls an extraction. The zero value (or nil) is valid.
type Options struct {
	// Progress, if set, is called after each step: "shape2D", then one step per derived image
	// ("original", "wavelet-LH", "log-sigma-2-0-mm-3D", …), in that order and always from the
	// goroutine that called Extract.
	Progress func(Progress)
	// Workers is the number of image types computed at the same time: 0 means
	// runtime.GOMAXPROCS(0), 1 computes everything on the calling goroutine. A caller that
	// already runs many extractions in parallel (a batch) should set 1. Results do not depend
	// on it.
	Workers int
}

// Progress reports that step Step finished; Done of Total steps are complete.
type Progress struct {
	Step        string
	Done, Total int
}

// Feature is one named feature value.
type Feature struct {
	Name  string
	Value float64
}

// Result is the output of Extract: the features in PyRadiomics' order, diagnostics about the
// image and the ROI, and warnings (undefined features, ignored settings).
type Result struct {
	Features    []Feature
	Diagnostics Diagnostics
	Warnings    []string
}

// Value returns the value of the named feature.
func (r *Result) Value(name string) (float64, bool) {
	for _, f := range r.Features {
		if f.Name == name {
			return f.Value, true
		}
	}
	return 0, false
}

// Diagnostics describes the input and the region of interest, a subset of PyRadiomics'
// diagnostics_* entries. Coordinates are pixel indices, x (column) first.
type Diagnostics struct {
	ImageSize    [2]int     // input image width, height
	Spacing      [2]float64 // input pixel spacing, mm
	ImageMinimum float64    // over the whole input image
	ImageMean    float64
	ImageMaximum float64

	Label      uint32 // the label selected (0: every non-zero pixel)
	MaskPixels int    // pixels the label selects in the input mask

	// After normalisation, resampling or pre-cropping, features are computed on a working
	// image; these describe it and the final ROI in its coordinates.
	Normalized, Resampled, PreCropped, Resegmented, CorrectedMask bool
	WorkingSize                                                   [2]int
	WorkingSpacing                                                [2]float64

	BoundingBox         [4]int // x, y, width, height of the ROI
	ROIPixels           int
	ConnectedComponents int        // 4-connected, as PyRadiomics' VolumeNum
	CenterOfMassIndex   [2]float64 // mean x, y index of the ROI pixels
	ROIMinimum          float64    // intensities inside the ROI of the working image
	ROIMean             float64
	ROIMaximum          float64
}

// maxImagePixels bounds the images Extract accepts (the decoders apply their own limits first).
const maxImagePixels = 1 << 28

// Extract computes the features that p enables for the ROI of img selected by mask.
//
// The steps follow PyRadiomics' RadiomicsFeatureExtractor.execute for a 2-D image: select the
// ROI (Settings.Label; 0 means every non-zero pixel), normalise the whole image (normalize),
// resample (resampledPixelSpacing) or pre-crop (preCrop), check the ROI (size, dimensions,
// minimumROISize), resegment (resegmentRange), compute shape2D once on the mask, then for each
// image type derive its images from the whole working image, crop them to the ROI's bounding box
// and compute every enabled class. A feature that is undefined for this input is NaN and named
// in Result.Warnings, except where PyRadiomics defines a value (for example ngtdm Coarseness
// 10⁶ and glcm Correlation 1 on a flat ROI).
//
// Errors name the problem: nil or inconsistent image or mask, NaN or infinite pixels, mismatched
// geometry (unless correctMask), an empty mask, an absent label (listing those present), a
// one-pixel, one-row or one-column ROI (minimumROIDimensions), an ROI at or below
// minimumROISize, invalid parameters. Mask problems wrap ErrMask.
func Extract(img *Image, mask *Mask, p *Params, opt *Options) (*Result, error) {
	if p == nil {
		p = DefaultParams()
	}
	if opt == nil {
		opt = &Options{}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := checkImageInput(img); err != nil {
		return nil, err
	}
	lo, mean, hi, err := imageStats(img)
	if err != nil {
		return nil, err
	}
	if err := checkMaskInput(mask); err != nil {
		return nil, err
	}
	s := p.Settings.clone()
	res := &Result{}
	d := &res.Diagnostics
	d.ImageSize = [2]int{img.Width, img.Height}
	d.Spacing = spacingOf(img.Spacing)
	d.ImageMinimum, d.ImageMean, d.ImageMaximum = lo, mean, hi
	d.Label = s.Label

	// 1. ROI from the label, on the mask's grid, then on the image's grid. The whole-image
	// passes (statistics, the selection's bounding box) are made once here. The ROI itself is
	// laid out over the whole image only when a step needs it there (correcting the mask,
	// resampling, pre-cropping, resegmenting); otherwise just over its bounding box, so that
	// memory follows the box.
	inBox, n, err := labelBox(mask, s.Label)
	if err != nil {
		return nil, err
	}
	d.MaskPixels = n
	same := sameGeometry(img, mask, s.GeometryTolerance)
	if same && s.ResampledPixelSpacing == nil && !s.PreCrop && s.ResegmentRange == nil {
		return extractBoxed(img, mask, p, opt, &s, res, inBox, n)
	}
	in := selectBox(mask, s.Label, bbox{0, 0, mask.Width, mask.Height})
	inExact := true // inBox and n describe in
	if !same {
		if !s.CorrectMask {
			return nil, maskErr("image and mask geometry differ: image %d×%d pixels at %g×%g mm, "+
				"mask %d×%d at %g×%g mm (enable correctMask to resample the mask onto the image)",
				img.Width, img.Height, d.Spacing[0], d.Spacing[1], mask.Width, mask.Height,
				maskSpacing(img, mask)[0], maskSpacing(img, mask)[1])
		}
		if in, err = correctROI(img, mask, in); err != nil {
			return nil, err
		}
		inExact = false
		d.CorrectedMask = true
	}

	// 2. Normalisation of the whole image.
	work := &Image{Width: img.Width, Height: img.Height, Spacing: d.Spacing, Pix: img.Pix}
	if s.Normalize {
		if work, err = normalizeImage(work, &s); err != nil {
			return nil, err
		}
		d.Normalized = true
	}

	// 3. Resampling, or pre-cropping.
	switch {
	case s.ResampledPixelSpacing != nil:
		bm := &Mask{Width: work.Width, Height: work.Height, Spacing: work.Spacing,
			Labels: make([]uint32, len(in))}
		for i, ok := range in {
			if ok {
				bm.Labels[i] = 1
			}
		}
		rs := s.clone()
		rs.Label = 1
		rimg, rmask, err := resampleImageAndMask(work, bm, &rs)
		if err != nil {
			return nil, fmt.Errorf("resample: %w", err)
		}
		if err := checkImageInput(rimg); err != nil {
			return nil, fmt.Errorf("resample: %w", err)
		}
		if _, _, _, err := imageStats(rimg); err != nil {
			return nil, fmt.Errorf("resample: %w", err)
		}
		if rmask == nil || rmask.Width != rimg.Width || rmask.Height != rimg.Height ||
			len(rmask.Labels) != rimg.Width*rimg.Height {
			return nil, errors.New("resample: resampled mask does not match the resampled image")
		}
		work = rimg
		in = make([]bool, len(rmask.Labels))
		for i, v := range rmask.Labels {
			in[i] = v != 0
		}
		inExact = false
		d.Resampled = true
	case s.PreCrop:
		b, _, err := checkROI(in, work.Width, &s)
		if err != nil {
			return nil, err
		}
		inExact = false
		pb := padBox(b, s.PadDistance, work.Width, work.Height)
		in = cropROI(in, work.Width, pb)
		work = cropImage(work, pb)
		d.PreCropped = true
	}
	d.WorkingSize = [2]int{work.Width, work.Height}
	d.WorkingSpacing = work.Spacing

	// 4. ROI checks, resegmentation.
	var box bbox
	if inExact {
		err = checkROIBox(inBox, n, &s)
		box = inBox
	} else {
		box, _, err = checkROI(in, work.Width, &s)
	}
	if err != nil {
		if d.Resampled {
			return nil, fmt.Errorf("after resampling to %v mm: %w", s.ResampledPixelSpacing, err)
		}
		return nil, err
	}
	shapeIn, texIn := in, in
	if s.ResegmentRange != nil {
		if texIn, err = resegment(work, in, &s); err != nil {
			return nil, err
		}
		if box, _, err = checkROI(texIn, work.Width, &s); err != nil {
			return nil, fmt.Errorf("after resegmentation: %w", err)
		}
		if s.ResegmentShape {
			shapeIn = texIn
		}
		d.Resegmented = true
	}
	texRoi := cropROI(texIn, work.Width, box)
	shapeRoi := cropROI(shapeIn, work.Width, box)
	return extractFeatures(work, img, p, opt, &s, res, box, texRoi, shapeRoi)
}

// extractBoxed is Extract's path when the mask has the image's geometry and no step needs
// the ROI beyond its bounding box b (n pixels): the working image is the input.
func extractBoxed(img *Image, mask *Mask, p *Params, opt *Options, s *Settings, res *Result,
	b bbox, n int) (*Result, error) {
	d := &res.Diagnostics
	work := &Image{Width: img.Width, Height: img.Height, Spacing: d.Spacing, Pix: img.Pix}
	if s.Normalize {
		var err error
		if work, err = normalizeImage(work, s); err != nil {
			return nil, err
		}
		d.Normalized = true
	}
	d.WorkingSize = [2]int{work.Width, work.Height}
	d.WorkingSpacing = work.Spacing
	if err := checkROIBox(b, n, s); err != nil {
		return nil, err
	}
	roi := selectBox(mask, s.Label, b)
	return extractFeatures(work, img, p, opt, s, res, b, roi, roi)
}

// extractFeatures computes every feature on the working image work (img is the input) for the
// ROI given over its bounding box b: texRoi for the texture classes and first order, shapeRoi
// for shape2D.
func extractFeatures(work, img *Image, p *Params, opt *Options, s *Settings, res *Result,
	box bbox, texRoi, shapeRoi []bool) (*Result, error) {
	d := &res.Diagnostics
	if s.AdditionalInfo {
		fillROIDiagnostics(d, work, texRoi, box)
	}
	// Settings that have no effect on a 2-D image say so; the steps are counted for progress.
	force2D, total := s.Force2D, 0
	for i := range p.ImageTypes {
		eff := p.ImageTypes[i].Effective(&p.Settings)
		force2D = force2D || eff.Force2D
		if p.ImageTypes[i].Name == "LoG" && len(eff.Sigma) == 0 {
			res.Warnings = append(res.Warnings, "image type LoG has no sigma: it produces no "+
				"features (give sigma: [1.0, 2.0, ...] in mm)")
		}
		total += len(derivedNames(p.ImageTypes[i].Name, &eff))
	}
	if force2D {
		res.Warnings = append(res.Warnings, "force2D is ignored: the image is 2-D, so features "+
			"are computed in-plane already")
	}

	// 5. Steps: shape2D once, then every derived image. Image types are computed by workers,
	// each with its own scratch space; results are merged in parameter order.
	for _, c := range p.Classes {
		if ci := classByName(c.Name); ci != nil && !ci.twoD {
			res.Warnings = append(res.Warnings, fmt.Sprintf("featureClass %s: 3-D shape "+
				"features need a volume; use shape2D for 2-D images (skipped, as PyRadiomics "+
				"does)", c.Name))
		}
	}
	for _, c := range p.Classes {
		if c.Name == "shape2D" {
			total++
		}
	}
	// The filters' view of the working image; M = max |x| is known already when the working
	// image is the input.
	var src *source
	if &work.Pix[0] == &img.Pix[0] && len(work.Pix) == len(img.Pix) {
		src = &source{img: work, maxAbs: max(d.ImageMaximum, -d.ImageMinimum)}
	} else {
		src = newSource(work)
	}
	tasks := runImageTypes(p, src, texRoi, box, opt.Workers)

	done := 0
	step := func(name string) {
		done++
		if opt.Progress != nil {
			opt.Progress(Progress{Step: name, Done: done, Total: total})
		}
	}
	shape := &extraction{p: p, res: res, box: box}
	for _, c := range p.Classes {
		if c.Name == "shape2D" {
			ci := classByName("shape2D")
			want, order := wantList(ci, c.Features)
			vals := shape2DFeatures(shapeRoi, box.w(), box.h(), work.Spacing, want)
			shape.emit("original", ci, order, vals, nil)
			step("shape2D")
		}
	}
	var firstErr error
	for _, t := range tasks {
		<-t.done
		if firstErr != nil {
			continue
		}
		res.Features = append(res.Features, t.part.Features...)
		res.Warnings = append(res.Warnings, t.part.Warnings...)
		for _, name := range t.steps {
			step(name)
		}
		firstErr = t.err
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return res, nil
}

// extraction is the scratch space of one worker: the parameters, the ROI box, where features
// go, and buffers reused from one derived image to the next.
type extraction struct {
	p       *Params
	src     *source // the working image, with this worker's buffer pool
	res     *Result
	box     bbox
	rv      roiValues // scratch for the ROI intensities of a derived image
	boxPix  []float64 // scratch for the box part of a derived image the size of the input
	layouts []*roiLayout
}

// imageTask is one image type's share of an extraction.
type imageTask struct {
	index int
	part  Result   // its features and warnings, in order
	steps []string // the derived images it completed
	err   error
	done  chan struct{}
}

// runImageTypes computes every image type of p (filters, then every class on each derived
// image) on up to workers goroutines and returns the tasks in parameter order; each task's done
// channel is closed when it is complete. With one worker everything runs before it returns.
func runImageTypes(p *Params, src *source, roi []bool, box bbox, workers int) []*imageTask {
	tasks := make([]*imageTask, len(p.ImageTypes))
	for i := range tasks {
		tasks[i] = &imageTask{index: i, done: make(chan struct{})}
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(tasks))
	run := func(ex *extraction, t *imageTask) {
		ex.res = &t.part
		t.err = ex.imageType(t, &p.ImageTypes[t.index], ex.src, roi)
		close(t.done)
	}
	// Each worker has its own view of the source, with its own buffer pool.
	newWorker := func() *extraction {
		ws := *src
		ws.pool = &floatPool{}
		return &extraction{p: p, box: box, src: &ws}
	}
	if workers <= 1 {
		ex := newWorker()
		for _, t := range tasks {
			run(ex, t)
		}
		return tasks
	}
	// Longest first, so that the image types with several derived images start early.
	cost := func(t *imageTask) int {
		it := &p.ImageTypes[t.index]
		eff := it.Effective(&p.Settings)
		return len(derivedNames(it.Name, &eff))
	}
	byCost := slices.Clone(tasks)
	slices.SortStableFunc(byCost, func(a, b *imageTask) int { return cost(b) - cost(a) })
	queue := make(chan *imageTask, len(tasks))
	for _, t := range byCost {
		queue <- t
	}
	close(queue)
	for w := 0; w < workers; w++ {
		go func() {
			ex := newWorker()
			for t := range queue {
				run(ex, t)
			}
		}()
	}
	return tasks
}

// imageType derives one image type's images from the working image and computes every
// enabled non-shape class on each.
func (ex *extraction) imageType(t *imageTask, it *ImageType, src *source, roi []bool) error {
	box, work := ex.box, src.img
	eff := it.Effective(&ex.p.Settings)
	names := derivedNames(it.Name, &eff)
	derived, boxed, err := deriveImages(it.Name, src, &eff, box)
	var skipped *skippedImages
	if errors.As(err, &skipped) {
		// PyRadiomics skips such images with a warning (for example a LoG sigma too large for
		// the image); their features are NaN here so that the feature list stays fixed.
		ex.res.Warnings = append(ex.res.Warnings, skipped.Warnings...)
		err = nil
	}
	if err != nil {
		return fmt.Errorf("image type %s: %w", it.Name, err)
	}
	k := 0
	for _, name := range names {
		if k < len(derived) && derived[k].Name == name {
			dv := derived[k]
			k++
			wantW, wantH := work.Width, work.Height
			if boxed {
				wantW, wantH = box.w(), box.h()
			}
			if dv.Image == nil || dv.Image.Width != wantW || dv.Image.Height != wantH ||
				len(dv.Image.Pix) != wantW*wantH {
				return fmt.Errorf("image type %s: derived image %s is not %d×%d", it.Name,
					dv.Name, wantW, wantH)
			}
			if err := ex.image(dv.Name, dv.Image, boxed, roi, &eff); err != nil {
				return err
			}
		} else {
			ex.undefined(name, "the "+name+" image was not derived (see the warning of "+
				"image type "+it.Name+")")
		}
		t.steps = append(t.steps, name)
	}
	if k != len(derived) {
		return fmt.Errorf("image type %s: filter gave images %v, expected names %v", it.Name,
			derivedList(derived), names)
	}
	if boxed {
		// The filter took its images' pixels from the pool; they are no longer needed.
		for _, dv := range derived {
			if dv.Image != nil {
				src.pool.put(dv.Image.Pix)
			}
		}
	}
	return nil
}

// layout returns the ROI layout with the given border, built once per extraction.
func (ex *extraction) layout(roi []bool, pad int) *roiLayout {
	for _, l := range ex.layouts {
		if l.pad == pad {
			return l
		}
	}
	l := newLayout(roi, ex.box.w(), ex.box.h(), pad)
	ex.layouts = append(ex.layouts, l)
	return l
}

// wantList returns the class's feature flags (indexed like the catalog) and the output order.
func wantList(ci *classInfo, features []string) ([]bool, []int) {
	order := ci.enabled(features)
	want := make([]bool, len(ci.features))
	for _, i := range order {
		want[i] = true
	}
	return want, order
}

// emit appends the class's features in order, with a warning for each NaN value.
func (ex *extraction) emit(image string, ci *classInfo, order []int, vals []float64,
	why func(feature int) string) {
	for _, i := range order {
		name := image + "_" + ci.name + "_" + ci.features[i].name
		v := vals[i]
		ex.res.Features = append(ex.res.Features, Feature{Name: name, Value: v})
		if math.IsNaN(v) {
			reason := "undefined for this region of interest"
			if why != nil {
				reason = why(i)
			}
			ex.res.Warnings = append(ex.res.Warnings, fmt.Sprintf("%s is NaN: %s", name, reason))
		}
	}
}

// deriveImages returns the derived images of an image type: box-sized (boxed) when the filter
// can compute the ROI's bounding box alone, else the size of the working image.
func deriveImages(name string, src *source, s *Settings, box bbox) ([]Derived, bool, error) {
	if name == "Original" {
		return []Derived{{Name: "original", Image: src.img}}, false, nil
	}
	if fb, ok := filterBoxes[name]; ok {
		d, err := fb(src, s, box)
		return d, true, err
	}
	d, err := filters[name].derive(src.img, s)
	return d, false, err
}

func derivedList(d []Derived) []string {
	var out []string
	for _, x := range d {
		out = append(out, x.Name)
	}
	return out
}

// undefined emits every enabled non-shape feature of a derived image as NaN with a reason.
func (ex *extraction) undefined(name, reason string) {
	for _, c := range ex.p.Classes {
		ci := classByName(c.Name)
		if ci == nil || !ci.twoD || c.Name == "shape2D" {
			continue
		}
		_, order := wantList(ci, c.Features)
		nan := make([]float64, len(ci.features))
		for k := range nan {
			nan[k] = math.NaN()
		}
		ex.emit(name, ci, order, nan, func(int) string { return reason })
	}
}

// image computes every enabled non-shape class on one derived image, which covers either the
// working image or (boxed) just the ROI's bounding box.
func (ex *extraction) image(name string, img *Image, boxed bool, roi []bool, s *Settings) error {
	b := ex.box
	l := ex.layout(roi, texturePad(s.Distances, b.w(), b.h()))

	// The ROI intensities in ROI order, their range, and whether they are all finite.
	pix := img.Pix
	if !boxed {
		ex.boxPix = growFloats(ex.boxPix, b.w()*b.h())
		for y := b.y0; y < b.y1; y++ {
			copy(ex.boxPix[(y-b.y0)*b.w():(y-b.y0+1)*b.w()], pix[y*img.Width+b.x0:])
		}
		pix = ex.boxPix
	}
	rv := &ex.rv
	rv.x = growFloats(rv.x, len(l.roi))
	vals := rv.x
	k := 0
	for y := 0; y < b.h(); y++ {
		for _, sg := range l.segs[l.rowSeg[y]:l.rowSeg[y+1]] {
			k += copy(vals[k:], pix[y*b.w()+int(sg.x0):y*b.w()+int(sg.x1)])
		}
	}
	acc := 0.0
	for _, v := range vals {
		acc += v - v // NaN as soon as one value is NaN or ±Inf
	}
	if acc == 0 {
		rv.lo, rv.hi = minMax(vals)
	} else {
		bad := 0
		for _, v := range vals {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				bad++
			}
		}
		// A filter produced non-finite values inside the ROI: every feature of this image
		// is undefined.
		ex.undefined(name, fmt.Sprintf("the %s image has %d NaN or infinite values in the ROI",
			name, bad))
		return nil
	}

	var need classSet
	for _, c := range ex.p.Classes {
		switch c.Name {
		case "glcm":
			need.glcm = true
		case "glrlm":
			need.glrlm = true
		case "glszm":
			need.glszm = true
		case "gldm":
			need.gldm = true
		case "ngtdm":
			need.ngtdm = true
		}
		if c.Name == "glcm" || c.Name == "gldm" || c.Name == "ngtdm" {
			if len(angleOffsets(b.h(), b.w(), s.Distances, false)) == 0 {
				return fmt.Errorf("%s: distances %v: no neighbour offset fits the region of "+
					"interest's %d×%d bounding box (PyRadiomics fails here too)", name,
					s.Distances, b.w(), b.h())
			}
		}
	}
	if err := rv.discretize(s); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	var tex *texture
	texOf := func() *texture {
		if tex == nil {
			tex = l.texture(rv.bins, rv.ng, rv.hist, img.Spacing, s, need)
		}
		return tex
	}
	for _, c := range ex.p.Classes {
		ci := classByName(c.Name)
		if ci == nil || !ci.twoD || c.Name == "shape2D" {
			continue
		}
		want, order := wantList(ci, c.Features)
		var out []float64
		var why func(int) string
		switch c.Name {
		case "firstorder":
			out = firstOrderFeatures(rv, img.Spacing, s.VoxelArrayShift, want)
		case "glcm":
			out = glcmFeatures(texOf(), want)
			why = func(int) string {
				return "no pair of neighbouring ROI pixels in any direction (or NaN in every " +
					"direction)"
			}
		case "glrlm":
			out = glrlmFeatures(texOf(), want)
			why = func(int) string { return "no direction has a line with two ROI pixels" }
		case "glszm":
			out = glszmFeatures(texOf(), want)
		case "gldm":
			out = gldmFeatures(texOf(), want)
		case "ngtdm":
			out = ngtdmFeatures(texOf(), want)
		default:
			return fmt.Errorf("unknown feature class %s", c.Name)
		}
		ex.emit(name, ci, order, out, why)
	}
	return nil
}

// fillROIDiagnostics records the final ROI's box, size, components and intensities; roi is
// the ROI over its bounding box b (b.w()×b.h()) in img.
func fillROIDiagnostics(d *Diagnostics, img *Image, roi []bool, b bbox) {
	d.BoundingBox = [4]int{b.x0, b.y0, b.w(), b.h()}
	var sx, sy, sum float64
	n := 0
	lo, hi := math.Inf(1), math.Inf(-1)
	for y := b.y0; y < b.y1; y++ {
		for x := b.x0; x < b.x1; x++ {
			if roi[(y-b.y0)*b.w()+x-b.x0] {
				v := img.Pix[y*img.Width+x]
				if v < lo {
					lo = v
				}
				if v > hi {
					hi = v
				}
				sum += v
				sx += float64(x)
				sy += float64(y)
				n++
			}
		}
	}
	d.ROIPixels = n
	d.CenterOfMassIndex = [2]float64{sx / float64(n), sy / float64(n)}
	d.ROIMinimum, d.ROIMean, d.ROIMaximum = lo, sum/float64(n), hi
	d.ConnectedComponents = components(roi, b.w(), b.h())
}

// imageStats returns the smallest, the mean and the largest pixel value, or an error naming
// the NaN and infinite pixels. The mean is NumPy's (pairwise summation); a non-finite pixel
// makes it non-finite, so the pixels are searched only then.
func imageStats(img *Image) (lo, mean, hi float64, err error) {
	v := img.Pix
	mean = pairwiseSum(v) / float64(len(v))
	if math.IsNaN(mean) || math.IsInf(mean, 0) {
		nan, inf, first := 0, 0, -1
		for i, x := range v {
			switch {
			case math.IsNaN(x):
				nan++
			case math.IsInf(x, 0):
				inf++
			default:
				continue
			}
			if first < 0 {
				first = i
			}
		}
		if nan+inf > 0 {
			return 0, 0, 0, fmt.Errorf("image: %d NaN and %d infinite pixel values (first at "+
				"x %d, y %d); intensities must be finite", nan, inf, first%img.Width,
				first/img.Width)
		}
	}
	lo, hi = minMax(v)
	return lo, mean, hi, nil
}

// minMax returns the smallest and the largest of the finite values v (at least one).
//
// The values are compared as integers that order like the floats (orderKey), so that the
// compiler can use conditional moves instead of branches; it cannot for floats, and in
// WebAssembly every branch is a jump through a dispatch table.
func minMax(v []float64) (lo, hi float64) {
	l := orderKey(v[0])
	h := l
	for _, x := range v {
		k := orderKey(x)
		if k < l {
			l = k
		}
		if k > h {
			h = k
		}
	}
	return math.Float64frombits(uint64(orderKey(math.Float64frombits(uint64(l))))),
		math.Float64frombits(uint64(orderKey(math.Float64frombits(uint64(h)))))
}

// orderKey maps a non-NaN float64 to an int64 that orders the same way (−0 just below +0):
// the bits of a negative number, sign excepted, are inverted. Applied to the key's bits it
// gives back the number.
func orderKey(x float64) int64 {
	b := int64(math.Float64bits(x))
	return b ^ int64(uint64(b>>63)>>1)
}

// checkImageInput rejects images whose geometry Extract cannot use, with the reason (see
// imageStats for the pixel values).
func checkImageInput(img *Image) error {
	if img == nil {
		return errors.New("image: nil")
	}
	if img.Width <= 0 || img.Height <= 0 {
		return fmt.Errorf("image: size %d×%d, both must be at least 1", img.Width, img.Height)
	}
	if int64(img.Width)*int64(img.Height) > maxImagePixels {
		return fmt.Errorf("image: %d×%d pixels, more than the %d allowed", img.Width, img.Height,
			maxImagePixels)
	}
	if len(img.Pix) != img.Width*img.Height {
		return fmt.Errorf("image: %d×%d needs %d pixel values, got %d", img.Width, img.Height,
			img.Width*img.Height, len(img.Pix))
	}
	if !validSpacing(spacingOf(img.Spacing)) {
		return fmt.Errorf("image: spacing %g×%g mm, must be finite and positive (0 means 1 mm)",
			img.Spacing[0], img.Spacing[1])
	}
	return nil
}

// checkMaskInput rejects masks Extract cannot use, with the reason.
func checkMaskInput(m *Mask) error {
	if m == nil {
		return maskErr("nil")
	}
	if m.Width <= 0 || m.Height <= 0 {
		return maskErr("size %d×%d, both must be at least 1", m.Width, m.Height)
	}
	if int64(m.Width)*int64(m.Height) > maxImagePixels {
		return maskErr("%d×%d pixels, more than the %d allowed", m.Width, m.Height, maxImagePixels)
	}
	if len(m.Labels) != m.Width*m.Height {
		return maskErr("%d×%d needs %d label values, got %d", m.Width, m.Height,
			m.Width*m.Height, len(m.Labels))
	}
	if !validSpacing(spacingOf(m.Spacing)) {
		return maskErr("spacing %g×%g mm, must be finite and positive (0 means 1 mm)",
			m.Spacing[0], m.Spacing[1])
	}
	return nil
}
