import Foundation
import GeoKit
import OutfallModel
import ZipArchive

/// A QGIS 3.22 project stored inside the GeoPackage it shows, as QGIS itself stores one
/// (Project → Save To → GeoPackage): a row of the `qgis_projects` table whose `content` is
/// the `.qgz` archive as hexadecimal text. A planner opens it from the Browser panel (the
/// GeoPackage's "项目" entry) or as `geopackage:/path/layers.gpkg?projectName=…`, and sees
/// every layer titled in Chinese, stacked as a map is read, styled and labelled — instead of
/// six table names to add one by one.
///
/// The layers' sources are relative (`./layers.gpkg|layername=outfalls`), and QGIS resolves
/// them from the GeoPackage's folder, so the file can be moved or copied elsewhere; QGIS 3.22
/// (not 3.28) loses them when the file is *renamed*, as it keeps the file name in the source.
struct QGISProject {
    struct Layer {
        var kind: LayerKind
        var title: String
        var extent: Envelope?
        var fieldNames: [String]
    }

    /// The project's name in `qgis_projects`, shown in QGIS's Browser panel.
    static let name = "入河排污口图层"

    var title: String
    /// The GeoPackage's own file name, which the layer sources name.
    var geoPackageFileName: String
    var crs: CRSDefinition
    var layers: [Layer]

    /// Bottom to top, as a planner stacks them: administrative areas, zones, rivers, points.
    static let drawingOrder: [LayerKind] = [.areas, .zones, .rivers, .intakes, .sections, .outfalls]

    private var ordered: [Layer] {
        layers.sorted { a, b in
            (Self.drawingOrder.firstIndex(of: a.kind) ?? 0) < (Self.drawingOrder.firstIndex(of: b.kind) ?? 0)
        }
    }

    /// The `.qgs` document. Layers are listed top first in the layer tree, as QGIS lists them.
    func document(styles: StyleSheet) -> String {
        let x = StyleDocuments.xml
        let topFirst = ordered.reversed()
        var tree = ""
        var maplayers = ""
        for layer in topFirst {
            let source = "./\(geoPackageFileName)|layername=\(layer.kind.rawValue)"
            tree += """
                    <layer-tree-layer id="\(layerID(layer.kind))" name="\(x(layer.title))" source="\(x(source))" providerKey="ogr" checked="Qt::Checked" expanded="1">
                      <customproperties/>
                    </layer-tree-layer>

                """
            maplayers += """
                    <maplayer type="vector" geometry="\(geometryName(layer.kind))" wkbType="\(wkbType(layer.kind))" labelsEnabled="1" readOnly="0" styleCategories="AllStyleCategories" hasScaleBasedVisibilityFlag="0" minScale="100000000" maxScale="0" simplifyDrawingHints="0" simplifyAlgorithm="0" simplifyLocal="1" simplifyDrawingTol="1" simplifyMaxScale="1" autoRefreshEnabled="0" autoRefreshTime="0" refreshOnNotifyEnabled="0" refreshOnNotifyMessage="" symbologyReferenceScale="-1">
                \(extentElement(layer.extent, name: "extent"))
                      <id>\(layerID(layer.kind))</id>
                      <datasource>\(x(source))</datasource>
                      <layername>\(x(layer.title))</layername>
                      <srs>
                \(spatialReference)
                      </srs>
                      <resourceMetadata>
                        <identifier>\(x(layer.kind.rawValue))</identifier>
                        <title>\(x(layer.title))</title>
                        <abstract>\(x(abstract))</abstract>
                        <crs>
                \(spatialReference)
                        </crs>
                      </resourceMetadata>
                      <provider encoding="UTF-8">ogr</provider>
                \(StyleDocuments.styleElements(layer.kind, styles: styles, fields: layer.fieldNames.map { ($0, $0) }))
                    </maplayer>

                """
        }
        let extent = ordered.compactMap(\.extent).reduce(nil as Envelope?) { union, e in
            union.map { Envelope(minX: min($0.minX, e.minX), minY: min($0.minY, e.minY), maxX: max($0.maxX, e.maxX), maxY: max($0.maxY, e.maxY)) } ?? e
        }
        return """
            <!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
            <qgis projectname="\(x(title))" version="3.22.0-Białowieża" saveUser="" saveUserFull="" saveDateTime="">
              <!-- Written by Outfall Registry (the GeoPackage export) from Styles/styles.json; XML comments cannot hold two hyphens. -->
              <homePath path=""/>
              <title>\(x(title))</title>
              <autotransaction active="0"/>
              <evaluateDefaultValues active="0"/>
              <trust active="0"/>
              <projectCrs>
            \(spatialReference)
              </projectCrs>
              <layer-tree-group>
                <customproperties/>
            \(tree)  </layer-tree-group>
              <mapcanvas annotationsVisible="1" name="theMapCanvas">
                <units>\(isGeographic ? "degrees" : "meters")</units>
            \(extentElement(extent, name: "extent"))
                <rotation>0</rotation>
                <destinationsrs>
            \(spatialReference)
                </destinationsrs>
                <rendermaptile>0</rendermaptile>
                <expressionContextScope/>
              </mapcanvas>
              <projectlayers>
            \(maplayers)  </projectlayers>
              <ProjectViewSettings UseProjectScales="0">
                <Scales/>
            \(extentDefault(extent))
              </ProjectViewSettings>
              <properties>
                <SpatialRefSys>
                  <ProjectionsEnabled type="int">1</ProjectionsEnabled>
                </SpatialRefSys>
                <Paths>
                  <Absolute type="bool">false</Absolute>
                </Paths>
                <Measure>
                  <Ellipsoid type="QString">EPSG:1024</Ellipsoid>
                </Measure>
                <Measurement>
                  <AreaUnits type="QString">km2</AreaUnits>
                  <DistanceUnits type="QString">km</DistanceUnits>
                </Measurement>
              </properties>
            </qgis>

            """
    }

    /// The `.qgz` QGIS saves: a zip holding the one `.qgs`. Built in a scratch file beside
    /// `scratch` (the zip writer writes files) and read back.
    func archive(styles: StyleSheet, scratch: String) throws -> [UInt8] {
        let path = scratch + ".qgz"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let zip = try ZipWriter(path: path)
        try zip.begin(entry: "outfall-registry.qgs")
        try zip.write(Array(document(styles: styles).utf8))
        try zip.close()
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `qgis_projects.content`: the archive as upper-case hexadecimal text, as QGIS writes it.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private var abstract: String {
        title.contains("示意") ? "示意数据，非官方边界，不能作为审批依据。Outfall Registry 导出。" : "Outfall Registry 导出。"
    }

    private func layerID(_ kind: LayerKind) -> String { "outfall_registry_\(kind.rawValue)" }

    private func geometryName(_ kind: LayerKind) -> String {
        switch kind.geometryFamily {
        case .puntal: "Point"
        case .lineal: "Line"
        case .polygonal: "Polygon"
        }
    }

    private func wkbType(_ kind: LayerKind) -> String {
        switch kind.geometryFamily {
        case .puntal: "Point"
        case .lineal: "MultiLineString"
        case .polygonal: "MultiPolygon"
        }
    }

    /// The CRS as QGIS writes it: WKT (what QGIS reads back) and the EPSG code. QGIS reads a
    /// project's CRS only when `SpatialRefSys/ProjectionsEnabled` is set in its properties.
    private var spatialReference: String {
        """
              <spatialrefsys nativeFormat="Wkt">
                <wkt>\(StyleDocuments.xml(crs.wkt))</wkt>
                <srid>\(crs.epsg)</srid>
                <authid>EPSG:\(crs.epsg)</authid>
                <description>\(StyleDocuments.xml(crs.name))</description>
                <geographicflag>\(isGeographic ? "true" : "false")</geographicflag>
              </spatialrefsys>
        """
    }

    private var isGeographic: Bool { crs.epsg == 4490 || crs.epsg == 4326 }

    private func extentElement(_ e: Envelope?, name: String) -> String {
        guard let e else { return "    <\(name)/>" }
        return """
                <\(name)>
                  <xmin>\(e.minX)</xmin>
                  <ymin>\(e.minY)</ymin>
                  <xmax>\(e.maxX)</xmax>
                  <ymax>\(e.maxY)</ymax>
                </\(name)>
            """
    }

    private func extentDefault(_ e: Envelope?) -> String {
        guard let e else { return "" }
        return """
                <DefaultViewExtent xmin="\(e.minX)" ymin="\(e.minY)" xmax="\(e.maxX)" ymax="\(e.maxY)">
            \(spatialReference)
                </DefaultViewExtent>
            """
    }
}
