import HTTPTypes
import Hummingbird
import JSON

/// Responses the routes build: JSON (and GeoJSON), HTML, plain text, and errors as JSON or
/// as a page, in Chinese with the English in brackets.
enum Responses {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8") -> Response {
        body(JSONWriter.compact(value), status: status, contentType: contentType)
    }

    static func geoJSON(_ value: JSONValue, headers extra: [(HTTPField.Name, String)] = []) -> Response {
        var response = json(value, contentType: "application/geo+json; charset=utf-8")
        for (name, value) in extra { response.headers[name] = value }
        return response
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(text, status: status, contentType: "text/html; charset=utf-8")
    }

    static func body(_ text: String, status: HTTPResponse.Status = .ok, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(to location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }
}

/// An error for the client: its status and a message a planner can act on.
struct ClientError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: String

    static func badRequest(_ message: String) -> ClientError { ClientError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> ClientError { ClientError(status: .notFound, message: message) }
    static let forbidden = ClientError(status: .forbidden, message: "无权访问 (forbidden)")

    var json: Response {
        Responses.json(.object(JSONObject([("error", .string(message)), ("status", .number(Double(status.code)))])), status: status)
    }
}
