<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Generated from Styles/styles.json by `outfalls styles`; edit that file, not this one. -->
<qgis version="3.22.0" styleCategories="Symbology|Labeling|Fields" labelsEnabled="1">
  <renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0">
    <symbols>
      <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="line_color" value="49,130,189,255" type="QString"/>
            <Option name="line_width" value="1.5" type="QString"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" isExpression="0" fontFamily="Noto Sans CJK SC" namedStyle="Regular" fontWeight="50" fontItalic="1" fontSize="10" fontSizeUnit="Point" textColor="8,81,156,255" textOpacity="1" textOrientation="horizontal" capitalization="0" allowHtml="0" multilineHeight="1" blendMode="0" previewBkgrdColor="255,255,255,255">
        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" bufferOpacity="0.85" bufferNoFill="1" bufferJoinStyle="128" bufferBlendMode="0"/>
        <background shapeDraw="0"/>
        <shadow shadowDraw="0"/>
      </text-style>
      <text-format wrapChar="" autoWrapLength="0" useMaxLineLengthForAutoWrap="1" multilineAlign="3" addDirectionSymbol="0" formatNumbers="0" plussign="0"/>
      <placement placement="2" priority="7" placementFlags="11" polygonPlacementFlags="2" dist="0" distUnits="MM" offsetType="0" quadOffset="4" xOffset="0" yOffset="0" offsetUnits="MM" rotationAngle="0" centroidWhole="0" centroidInside="1" fitInPolygonOnly="0" repeatDistance="0" repeatDistanceUnits="MM" maxCurvedCharAngleIn="25" maxCurvedCharAngleOut="-25" overrunDistance="0" overrunDistanceUnit="MM" labelOffsetMapUnitScale="3x:0,0,0,0,0,0" lineAnchorPercent="0.5" lineAnchorType="0" lineAnchorClipping="0" layerType="LineGeometry" geometryGeneratorEnabled="0" geometryGenerator="" geometryGeneratorType="PointGeometry" preserveRotation="1" predefinedPositionOrder="TR,TL,BR,BL,R,L,TSR,BSR"/>
      <rendering drawLabels="1" obstacle="1" obstacleFactor="1" obstacleType="0" zIndex="4" scaleVisibility="0" scaleMin="0" scaleMax="0" fontLimitPixelSize="0" fontMinPixelSize="3" fontMaxPixelSize="10000" minFeatureSize="0" mergeLines="1" labelPerPart="0" limitNumLabels="0" maxNumLabels="2000" displayAll="0" upsidedownLabels="0" unplacedVisibility="0"/>
    </settings>
  </labeling>
  <aliases>
    <alias field="adcode" name="区划代码"/>
    <alias field="approval_track" name="办理方式代码"/>
    <alias field="approval_track_label" name="办理方式"/>
    <alias field="attains" name="是否达标"/>
    <alias field="bank" name="岸别代码"/>
    <alias field="bank_label" name="岸别"/>
    <alias field="basis" name="依据"/>
    <alias field="category_label" name="大类"/>
    <alias field="id" name="编号"/>
    <alias field="kind" name="类别代码"/>
    <alias field="kind_label" name="类别"/>
    <alias field="lat" name="纬度"/>
    <alias field="level" name="级别代码"/>
    <alias field="level_label" name="级别"/>
    <alias field="local_code" name="本地编码"/>
    <alias field="lon" name="经度"/>
    <alias field="measure_m" name="里程（米）"/>
    <alias field="name" name="名称"/>
    <alias field="national_code" name="国家编码"/>
    <alias field="offset_m" name="离中心线（米）"/>
    <alias field="origin_crs" name="原始坐标系"/>
    <alias field="reach_code" name="河段编码"/>
    <alias field="reach_id" name="河段"/>
    <alias field="registry_key" name="登记键"/>
    <alias field="responsible" name="责任主体"/>
    <alias field="river" name="受纳河流"/>
    <alias field="rules" name="规则"/>
    <alias field="schematic" name="示意数据"/>
    <alias field="snap_status" name="吸附状态"/>
    <alias field="status" name="状态代码"/>
    <alias field="status_label" name="状态"/>
    <alias field="target_class" name="目标水质"/>
    <alias field="township" name="所属乡镇"/>
    <alias field="type" name="类型代码"/>
    <alias field="type_label" name="类型"/>
    <alias field="verdict" name="判定代码"/>
    <alias field="verdict_label" name="判定"/>
    <alias field="wkt" name="几何(WKT)"/>
    <alias field="x" name="X"/>
    <alias field="y" name="Y"/>
  </aliases>
</qgis>
