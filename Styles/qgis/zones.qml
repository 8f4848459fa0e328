<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- Generated from Styles/styles.json by `outfalls styles`; edit that file, not this one. -->
<qgis version="3.28.0" styleCategories="Symbology|Labeling">
  <renderer-v2 type="categorizedSymbol" attr="CASE WHEN &quot;level&quot; IS NULL THEN &quot;kind&quot; ELSE concat(&quot;kind&quot;, &apos;/&apos;, &quot;level&quot;) END" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="drinking_water/1" label="饮用水水源一级保护区" symbol="0" render="true"/>
      <category value="drinking_water/2" label="饮用水水源二级保护区" symbol="1" render="true"/>
      <category value="drinking_water/quasi" label="饮用水水源准保护区" symbol="2" render="true"/>
      <category value="nature_reserve/core" label="自然保护区核心区" symbol="3" render="true"/>
      <category value="nature_reserve/buffer" label="自然保护区缓冲区" symbol="4" render="true"/>
      <category value="nature_reserve/experimental" label="自然保护区实验区" symbol="5" render="true"/>
      <category value="scenic_water" label="风景名胜区水体" symbol="6" render="true"/>
      <category value="fishery_water" label="重要渔业水体" symbol="7" render="true"/>
      <category value="special_water" label="其他特殊经济文化价值水体" symbol="8" render="true"/>
      <category value="water_function" label="水功能区" symbol="9" render="true"/>
      <category value="river_management" label="河道管理范围" symbol="10" render="true"/>
      <category value="navigation" label="航道" symbol="11" render="true"/>
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="8,81,156,115" type="QString"/>
            <Option name="outline_color" value="8,48,107,255" type="QString"/>
            <Option name="outline_width" value="0.67" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="66,146,198,89" type="QString"/>
            <Option name="outline_color" value="33,113,181,255" type="QString"/>
            <Option name="outline_width" value="0.67" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="158,202,225,77" type="QString"/>
            <Option name="outline_color" value="107,174,214,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="0,109,44,115" type="QString"/>
            <Option name="outline_color" value="0,68,27,255" type="QString"/>
            <Option name="outline_width" value="0.67" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="65,171,93,89" type="QString"/>
            <Option name="outline_color" value="35,139,69,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="161,217,155,77" type="QString"/>
            <Option name="outline_color" value="116,196,118,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="174,1,126,77" type="QString"/>
            <Option name="outline_color" value="122,1,119,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="128,125,186,77" type="QString"/>
            <Option name="outline_color" value="106,81,163,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="8" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="221,52,151,77" type="QString"/>
            <Option name="outline_color" value="174,1,126,255" type="QString"/>
            <Option name="outline_width" value="0.5" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="9" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="199,233,192,51" type="QString"/>
            <Option name="outline_color" value="49,163,84,255" type="QString"/>
            <Option name="outline_width" value="0.33" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="10" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="253,208,162,64" type="QString"/>
            <Option name="outline_color" value="217,72,1,255" type="QString"/>
            <Option name="outline_width" value="0.33" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="11" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" pass="0" locked="0">
          <Option type="Map">
            <Option name="color" value="189,189,189,64" type="QString"/>
            <Option name="outline_color" value="99,99,99,255" type="QString"/>
            <Option name="outline_width" value="0.33" type="QString"/>
            <Option name="style" value="solid" type="QString"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="name" fontSize="9" textColor="50,50,50,255" fontFamily="Noto Sans CJK SC"/>
      <placement placement="1"/>
    </settings>
  </labeling>
</qgis>
