// Package learn trains URAN models and evaluates them honestly. It is used by tools/train and
// is never imported by the browser build, which needs only package weights.
//
// The pipeline for one training set (a training fold, or all rows for the final model):
//
//  1. Standardise every feature with the scaler of the training rows (scaler.go).
//  2. HKFS selects the key features on the standardised training rows (hkfs.go): a Lasso with
//     its penalty chosen by inner cross-validation (lasso.go), or a learned gate layer with
//     proximal L1 updates (gate.go).
//  3. The URAN network — MAAE and the classifier — is trained with Adam on the key features,
//     with early stopping on a grouped inner validation split (network.go, adam.go, train.go).
//  4. The decision threshold of a binary task is chosen with Youden's J on that inner validation
//     split (metrics.go).
//  5. The result is exported as a weights.Model (export.go); out-of-fold probabilities are
//     computed with weights' own forward pass, the code the browser runs.
//
// Cross-validation (cv.go) repeats a stratified group K-fold (folds.go) and fits URAN and the
// comparison models on the same folds in parallel; every fit has its own random stream derived
// from the seed and its position, so results do not depend on scheduling. Metrics with DeLong
// intervals (delong.go), data checks (checks.go), importances (importance.go) and the report
// (report.go, page.go) follow.
package learn
