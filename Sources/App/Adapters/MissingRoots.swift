/// What root resolution does with a fixed root (`dir` or `file`) that exists nowhere.
enum MissingRoots: Sendable, Equatable {
    /// Left out: a push, a listing or a daemon's "is anything here?" look only at what exists,
    /// and a folder that is not there has nothing to back up.
    case leftOut
    /// Kept at its default place, to be created by a restore: on a new machine the agent has not
    /// run yet, and its snapshot must still land where the agent will look.
    case atDefaultPlace
}
