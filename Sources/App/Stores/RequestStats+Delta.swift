extension RequestStats {
    /// What was counted after `earlier` (a daemon's store lives across many operations; each
    /// summary reports only its own requests).
    public func since(_ earlier: RequestStats) -> RequestStats {
        var delta = RequestStats()
        delta.put = put - earlier.put
        delta.get = get - earlier.get
        delta.copy = copy - earlier.copy
        delta.list = list - earlier.list
        delta.delete = delete - earlier.delete
        delta.head = head - earlier.head
        delta.bytesUploaded = bytesUploaded - earlier.bytesUploaded
        delta.bytesDownloaded = bytesDownloaded - earlier.bytesDownloaded
        return delta
    }
}
