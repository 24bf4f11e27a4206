// Package cohort reads the inputs of the training and prediction tools: feature tables (CSV)
// with labels, groups and subgroups, and manifests of image and mask files, whose features it
// extracts with package radiomics (caching them by file content and parameters).
package cohort
