import FileAccess

extension Files {
    /// `read(_:limit:)`, its failure told as a data-file error naming the file.
    static func readData(_ path: String, limit: Int) throws(DataError) -> [UInt8] {
        do { return try read(path, limit: limit) } catch {
            switch error {
            case .missing: throw .unreadable(file: path, reason: "no such file")
            case .notRegularFile: throw .notRegularFile(path)
            case .tooLarge: throw .tooLarge(file: path, limit: limit)
            case .unreadable(let reason): throw .unreadable(file: path, reason: reason)
            }
        }
    }
}
