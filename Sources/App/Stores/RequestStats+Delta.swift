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
        delta.retries = retries - earlier.retries
        delta.retryWaitSeconds = max(0, ((retryWaitSeconds - earlier.retryWaitSeconds) * 1000).rounded() / 1000)
        return delta
    }
}
