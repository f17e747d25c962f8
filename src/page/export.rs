//! What leaves the page: the trajectory of the current scene as the exact bytes `blr run`
//! prints (`--format json` and `--format csv`).

use super::Page;
use crate::export;
use crate::session::Session;

impl Page {
    /// The whole trajectory of the current scene, run afresh from t = 0 to `steps` as
    /// `blr run --state '<query()>'` runs it: byte-identical to its standard output.
    pub fn trajectory_json(&self) -> String {
        Session::trajectory(self.run.scene()).map_or_else(|e| e.to_string(), |o| export::json(&o))
    }

    /// The same trajectory as `blr run --format csv` prints it.
    pub fn trajectory_csv(&self) -> String {
        Session::trajectory(self.run.scene()).map_or_else(|e| e.to_string(), |o| export::csv(&o))
    }
}
