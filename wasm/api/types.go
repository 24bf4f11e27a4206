// Package api defines what the URAN engine and its callers exchange across the JavaScript
// boundary: model descriptions, prediction results, decoded images for display and progress
// reports, their conversion to and from plain values that map one-to-one onto JavaScript
// objects, and the exports (features CSV, JSON report).
//
// It is pure Go without syscall/js, so the page (ui/), the Web Worker engine (wasm/engine) and
// native tests share one definition. Field names in JavaScript are the json tags.
package api

// Progress reports extraction progress: Step names the image type being measured
// ("original", "wavelet-LH", …) or a phase ("decode", "predict"); Done of Total steps are
// finished.
type Progress struct {
	Step  string `json:"step"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// ModelInfo describes a loaded model for the page and for embedders.
type ModelInfo struct {
	Source        string      `json:"source"` // "default" or "file"
	Name          string      `json:"name"`   // file name, or "default"
	Task          string      `json:"task"`
	Description   string      `json:"description"`
	Classes       []string    `json:"classes"`
	PositiveClass string      `json:"positiveClass"`
	Threshold     float64     `json:"threshold"`
	Features      int         `json:"features"`    // input features the model reads
	KeyFeatures   []string    `json:"keyFeatures"` // kept by HKFS, in model order
	ImageTypes    []string    `json:"imageTypes"`  // image types measured, in order
	Attention     bool        `json:"attention"`   // has the MAAE block
	Training      Training    `json:"training"`
	Evaluation    *Evaluation `json:"evaluation"` // nil without cross-validation
	Params        string      `json:"params"`     // radiomics parameter file (YAML)
	Checksum      string      `json:"checksum"`   // of the weights file, as stored in it
	Warnings      []string    `json:"warnings"`
}

// Training is the model's provenance.
type Training struct {
	Dataset     string       `json:"dataset"`
	Date        string       `json:"date"`
	Command     string       `json:"command"`
	Software    string       `json:"software"`
	Rows        int          `json:"rows"`
	Groups      int          `json:"groups"`
	ClassCounts []ClassCount `json:"classCounts"`
	Excluded    int          `json:"excluded"`
}

// ClassCount is the number of training cases of one class.
type ClassCount struct {
	Class string `json:"class"`
	N     int    `json:"n"`
}

// Evaluation is the cross-validated performance recorded in the weights file.
type Evaluation struct {
	Scheme      string       `json:"scheme"`
	Folds       int          `json:"folds"`
	Repeats     int          `json:"repeats"`
	Rows        int          `json:"rows"`
	AUC         float64      `json:"auc"`
	AUCLow      float64      `json:"aucLow"`
	AUCHigh     float64      `json:"aucHigh"`
	Accuracy    float64      `json:"accuracy"`
	Sensitivity float64      `json:"sensitivity"`
	Specificity float64      `json:"specificity"`
	F1          float64      `json:"f1"`
	Compared    []ModelScore `json:"compared"` // other models on the same folds
}

// ModelScore is one compared model's cross-validated AUC.
type ModelScore struct {
	Name string  `json:"name"`
	AUC  float64 `json:"auc"`
}

// Gate is the MAAE gate of one key feature, in (0, 1).
type Gate struct {
	Feature   string  `json:"feature"`
	ImageType string  `json:"imageType"`
	Value     float64 `json:"value"`
}

// Share is the part of the attention that went to one image type: the sum of its features'
// gates divided by the sum of all gates.
type Share struct {
	ImageType string  `json:"imageType"`
	Share     float64 `json:"share"`
	Features  int     `json:"features"` // key features of this image type
}

// Feature is one radiomics feature value; NaN marks a value undefined for this lesion.
type Feature struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// InputSummary describes an image or mask as decoded by the engine.
type InputSummary struct {
	Name    string     `json:"name"`
	Format  string     `json:"format"`
	Width   int        `json:"width"`
	Height  int        `json:"height"`
	Spacing [2]float64 `json:"spacing"`
	Notes   []string   `json:"notes"` // conversions applied (e.g. RGB to grey)
	// Frames is the number of frames in the file (a DICOM cine loop has several) and Frame
	// the one decoded, from 1; both are 1 for a single image.
	Frames int `json:"frames"`
	Frame  int `json:"frame"`
}

// Lesion describes the measured lesion (see imageio.Lesion): the mask label chosen (0: every
// non-zero pixel), its pixels, the pixel count of each separate 8-connected region (largest
// first), the image edges it touches, and how many of its pixels are coloured in the image
// (colour Doppler, annotations) or pure white (clipped, burnt-in marks).
type Lesion struct {
	Label           uint32   `json:"label"`
	Pixels          int      `json:"pixels"`
	Regions         []int    `json:"regions"`
	Edges           []string `json:"edges"`
	ColoredPixels   int      `json:"coloredPixels"`
	SaturatedPixels int      `json:"saturatedPixels"`
}

// Timing is the wall time of each phase in milliseconds: decoding the image and mask, then
// extraction and the network together (the network takes well under a millisecond).
type Timing struct {
	DecodeMS  float64 `json:"decodeMs"`
	ExtractMS float64 `json:"extractMs"`
}

// Result is one prediction with everything needed to show and export it.
type Result struct {
	Classes       []string     `json:"classes"`
	Probabilities []float64    `json:"probabilities"`
	Class         string       `json:"class"`
	PositiveClass string       `json:"positiveClass"`
	Threshold     float64      `json:"threshold"`
	Gates         []Gate       `json:"gates"`     // model order
	Attention     []Share      `json:"attention"` // largest share first
	Features      []Feature    `json:"features"`  // PyRadiomics order
	Warnings      []string     `json:"warnings"`
	Image         InputSummary `json:"image"`
	Mask          InputSummary `json:"mask"`
	Label         uint32       `json:"label"`
	LesionPixels  int          `json:"lesionPixels"`
	Lesion        Lesion       `json:"lesion"`
	Model         ModelRef     `json:"model"`
	Params        string       `json:"params"`
	Timing        Timing       `json:"timing"`
	Engine        string       `json:"engine"` // engine version
	Created       string       `json:"created"`
}

// ModelRef identifies the model a result came from.
type ModelRef struct {
	Name     string   `json:"name"`
	Source   string   `json:"source"`
	Task     string   `json:"task"`
	Checksum string   `json:"checksum"`
	Dataset  string   `json:"dataset"`
	Classes  []string `json:"classes"`
}

// Extraction is the answer to a features-only request.
type Extraction struct {
	Features []Feature    `json:"features"`
	Warnings []string     `json:"warnings"`
	Lesion   Lesion       `json:"lesion"`
	Image    InputSummary `json:"image"`
	Mask     InputSummary `json:"mask"`
	Params   string       `json:"params"`
	Timing   Timing       `json:"timing"`
}

// Decoded is an image or mask decoded for display. An image has Pixels (grey values as
// float32, row-major) with their Min and Max; a mask has Labels and the distinct non-zero
// label values found.
type Decoded struct {
	Summary     InputSummary `json:"summary"`
	Pixels      []float32    `json:"pixels"`
	Labels      []uint32     `json:"labels"`
	Min         float64      `json:"min"`
	Max         float64      `json:"max"`
	LabelValues []uint32     `json:"labelValues"`
}
