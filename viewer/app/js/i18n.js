// i18n.js — every text of the viewer's interface, in English and Russian.
// No other module holds a literal UI string: they call t(key, params).
// The choice of language is kept in localStorage.

const STORAGE_KEY = 'citytwin.lang';
export const LANGS = ['en', 'ru'];

const EN = {
  'app.title': 'CityTwin',
  'app.subtitle': '3D city twin',
  'badge.synthetic': 'SYNTHETIC',
  'badge.syntheticTitle': 'Generated demo data: it describes no real objects',
  'lang.switch': 'Русский',
  'lang.switchTitle': 'Переключить язык на русский',
  'panel.layers': 'Layers',
  'panel.style': 'Style',
  'panel.legend': 'Legend',
  'panel.info': 'Feature',
  'panel.views': 'Views',
  'group.building': 'Buildings',
  'group.utility': 'Utility networks',
  'group.mesh': 'Reality meshes',
  'layer.count': '{n}',
  'layer.countTitle': '{n} features',
  'layer.toggle': 'Show or hide {name}',
  'net.buildings': 'Buildings',
  'net.water': 'Water',
  'net.sewer': 'Sewer',
  'net.storm': 'Storm drainage',
  'net.gas': 'Gas',
  'net.power': 'Power',
  'net.telecom': 'Telecom',
  'net.heating': 'District heating',
  'net.other': 'Other',
  'style.buildings': 'Buildings by',
  'style.utilities': 'Utilities by',
  'style.b.default': 'plain colours',
  'style.b.height': 'height',
  'style.b.year': 'year built',
  'style.b.use': 'use',
  'style.u.network': 'network',
  'style.u.diameter': 'diameter',
  'style.u.material': 'material',
  'style.u.age': 'installation year',
  'legend.buildings': 'Buildings',
  'legend.utilities': 'Utilities',
  'legend.walls': 'walls',
  'legend.roofs': 'roofs',
  'legend.unknown': 'unknown',
  'legend.other': 'other',
  'legend.planned': 'planned (translucent)',
  'legend.abandoned': 'abandoned',
  'legend.height': 'Height, m',
  'legend.year': 'Year built',
  'legend.diameter': 'Diameter, mm',
  'legend.age': 'Installed in',
  'legend.use': 'Use',
  'legend.material': 'Material',
  'info.empty': 'Click a building or a pipe to see its attributes.',
  'info.tile': 'From the tiles',
  'info.details': 'From the database',
  'info.loading': 'Loading details…',
  'info.failed': 'Details unavailable: {error}',
  'info.clear': 'Clear selection',
  'kind.building': 'Building',
  'kind.segment': 'Pipe or cable',
  'kind.node': 'Network node',
  'kind.mesh': 'Reality mesh',
  'kind.feature': 'Feature',
  'value.yes': 'yes',
  'value.no': 'no',
  'value.none': '—',
  'prop.id': 'Id',
  'prop.dataset': 'Dataset',
  'prop.source_id': 'Source id',
  'prop.height_m': 'Height, m',
  'prop.base_m': 'Base, m',
  'prop.roof_m': 'Roof, m',
  'prop.eave_m': 'Eave, m',
  'prop.roof_shape': 'Roof shape',
  'prop.lod': 'LoD',
  'prop.parent': 'Part of',
  'prop.use': 'Use',
  'prop.address': 'Address',
  'prop.floors': 'Floors',
  'prop.year': 'Year built',
  'prop.kind': 'Kind',
  'prop.layer': 'Layer',
  'prop.network': 'Network',
  'prop.node_kind': 'Node kind',
  'prop.vertical': 'Heights from',
  'prop.material': 'Material',
  'prop.status': 'Status',
  'prop.start_node': 'Start node',
  'prop.end_node': 'End node',
  'prop.building': 'Building',
  'prop.diameter_mm': 'Diameter, mm',
  'prop.width_mm': 'Width, mm',
  'prop.height_mm': 'Height, mm',
  'prop.depth_m': 'Depth, m',
  'prop.ground_m': 'Ground, m',
  'prop.length_m': 'Length, m',
  'prop.install_year': 'Installed in',
  'prop.synthetic': 'Synthetic',
  'tool.underground': 'Underground',
  'tool.undergroundTitle': 'See through the ground: translucent surface, camera below ground, depth labels',
  'tool.measure': 'Measure',
  'tool.measureTitle': 'Click two points: distance, height difference and depth below ground',
  'measure.first': 'Measure: click the first point',
  'measure.second': 'Measure: click the second point',
  'measure.noPoint': 'No surface under the cursor',
  'measure.dist3d': '3D {d} m',
  'measure.horizontal': 'horizontal {d} m',
  'measure.dh': 'height difference {d} m',
  'measure.depth': 'depth below ground {a} m → {b} m',
  'label.depth': '{network} {size} · {depth} m deep',
  'label.depthNoSize': '{network} · {depth} m deep',
  'label.diameter': 'Ø{d}',
  'label.box': '{w}×{h}',
  'views.home': 'Home',
  'views.overview': 'Overview',
  'views.street': 'Street level',
  'views.underground': 'Underground',
  'views.save': 'Save view',
  'views.name': 'Name of the view',
  'views.defaultName': 'View {n}',
  'views.saved': 'Saved views',
  'views.none': 'No saved views yet.',
  'views.delete': 'Delete “{name}”',
  'panel.toggle': 'Collapse or expand',
  'loading.scene': 'Loading the scene…',
  'loading.tiles': 'Loading tiles: {n}',
  'error.scene': 'Could not load the scene: {error}',
  'error.tileset': 'Layer {name} failed to load: {error}',
  'help.nav': 'Left drag: pan · Right drag or wheel: zoom · Middle drag or Ctrl+drag: tilt and rotate · Click: select',
};

const RU = {
  'app.title': 'CityTwin',
  'app.subtitle': 'цифровой двойник города',
  'badge.synthetic': 'СИНТЕТИКА',
  'badge.syntheticTitle': 'Сгенерированные демонстрационные данные: реальных объектов не описывают',
  'lang.switch': 'English',
  'lang.switchTitle': 'Switch the language to English',
  'panel.layers': 'Слои',
  'panel.style': 'Оформление',
  'panel.legend': 'Легенда',
  'panel.info': 'Объект',
  'panel.views': 'Виды',
  'group.building': 'Здания',
  'group.utility': 'Инженерные сети',
  'group.mesh': 'Фотограмметрические модели',
  'layer.count': '{n}',
  'layer.countTitle': 'объектов: {n}',
  'layer.toggle': 'Показать или скрыть: {name}',
  'net.buildings': 'Здания',
  'net.water': 'Водопровод',
  'net.sewer': 'Канализация',
  'net.storm': 'Ливнёвка',
  'net.gas': 'Газопровод',
  'net.power': 'Электросети',
  'net.telecom': 'Связь',
  'net.heating': 'Теплосеть',
  'net.other': 'Прочее',
  'style.buildings': 'Здания по',
  'style.utilities': 'Сети по',
  'style.b.default': 'обычные цвета',
  'style.b.height': 'высоте',
  'style.b.year': 'году постройки',
  'style.b.use': 'назначению',
  'style.u.network': 'виду сети',
  'style.u.diameter': 'диаметру',
  'style.u.material': 'материалу',
  'style.u.age': 'году прокладки',
  'legend.buildings': 'Здания',
  'legend.utilities': 'Сети',
  'legend.walls': 'стены',
  'legend.roofs': 'крыши',
  'legend.unknown': 'неизвестно',
  'legend.other': 'прочее',
  'legend.planned': 'проектируемые (полупрозрачные)',
  'legend.abandoned': 'выведенные из работы',
  'legend.height': 'Высота, м',
  'legend.year': 'Год постройки',
  'legend.diameter': 'Диаметр, мм',
  'legend.age': 'Год прокладки',
  'legend.use': 'Назначение',
  'legend.material': 'Материал',
  'info.empty': 'Щёлкните по зданию или трубе, чтобы увидеть атрибуты.',
  'info.tile': 'Из тайлов',
  'info.details': 'Из базы данных',
  'info.loading': 'Загрузка подробностей…',
  'info.failed': 'Подробности недоступны: {error}',
  'info.clear': 'Снять выделение',
  'kind.building': 'Здание',
  'kind.segment': 'Труба или кабель',
  'kind.node': 'Узел сети',
  'kind.mesh': 'Фотограмметрическая модель',
  'kind.feature': 'Объект',
  'value.yes': 'да',
  'value.no': 'нет',
  'value.none': '—',
  'prop.id': 'Идентификатор',
  'prop.dataset': 'Набор данных',
  'prop.source_id': 'Id в источнике',
  'prop.height_m': 'Высота, м',
  'prop.base_m': 'Основание, м',
  'prop.roof_m': 'Крыша, м',
  'prop.eave_m': 'Карниз, м',
  'prop.roof_shape': 'Форма крыши',
  'prop.lod': 'Уровень детализации',
  'prop.parent': 'Часть здания',
  'prop.use': 'Назначение',
  'prop.address': 'Адрес',
  'prop.floors': 'Этажей',
  'prop.year': 'Год постройки',
  'prop.kind': 'Тип',
  'prop.layer': 'Слой',
  'prop.network': 'Сеть',
  'prop.node_kind': 'Тип узла',
  'prop.vertical': 'Высоты по',
  'prop.material': 'Материал',
  'prop.status': 'Состояние',
  'prop.start_node': 'Начальный узел',
  'prop.end_node': 'Конечный узел',
  'prop.building': 'Здание',
  'prop.diameter_mm': 'Диаметр, мм',
  'prop.width_mm': 'Ширина, мм',
  'prop.height_mm': 'Высота, мм',
  'prop.depth_m': 'Глубина, м',
  'prop.ground_m': 'Отметка земли, м',
  'prop.length_m': 'Длина, м',
  'prop.install_year': 'Год прокладки',
  'prop.synthetic': 'Синтетический',
  'tool.underground': 'Под землёй',
  'tool.undergroundTitle': 'Смотреть сквозь землю: прозрачная поверхность, камера под землёй, подписи глубин',
  'tool.measure': 'Измерить',
  'tool.measureTitle': 'Щёлкните две точки: расстояние, перепад высот и глубина от поверхности',
  'measure.first': 'Измерение: щёлкните первую точку',
  'measure.second': 'Измерение: щёлкните вторую точку',
  'measure.noPoint': 'Под курсором нет поверхности',
  'measure.dist3d': '3D {d} м',
  'measure.horizontal': 'по горизонтали {d} м',
  'measure.dh': 'перепад высот {d} м',
  'measure.depth': 'глубина от поверхности {a} м → {b} м',
  'label.depth': '{network} {size} · глубина {depth} м',
  'label.depthNoSize': '{network} · глубина {depth} м',
  'label.diameter': 'Ø{d}',
  'label.box': '{w}×{h}',
  'views.home': 'Домой',
  'views.overview': 'Обзор',
  'views.street': 'С улицы',
  'views.underground': 'Под землёй',
  'views.save': 'Сохранить вид',
  'views.name': 'Название вида',
  'views.defaultName': 'Вид {n}',
  'views.saved': 'Сохранённые виды',
  'views.none': 'Сохранённых видов пока нет.',
  'views.delete': 'Удалить «{name}»',
  'panel.toggle': 'Свернуть или развернуть',
  'loading.scene': 'Загрузка сцены…',
  'loading.tiles': 'Загрузка тайлов: {n}',
  'error.scene': 'Не удалось загрузить сцену: {error}',
  'error.tileset': 'Слой {name} не загрузился: {error}',
  'help.nav': 'Левая кнопка: сдвиг · Правая кнопка или колесо: масштаб · Средняя кнопка или Ctrl: наклон и поворот · Щелчок: выбор',
};

const TEXT = { en: EN, ru: RU };
const listeners = new Set();
let lang = loadLang();

function loadLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    // storage blocked: fall back to the browser's language
  }
  return (navigator.language || 'en').toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/** Returns the text of key in the current language, {name}s replaced from params. */
export function t(key, params = {}) {
  const s = TEXT[lang][key] ?? EN[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Returns true when key has a text (used for optional labels such as prop.*). */
export function has(key) {
  return key in EN;
}

export function getLang() {
  return lang;
}

/** Sets the language, persists it and tells every listener. */
export function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not persisted; the switch still applies to this page
  }
  document.documentElement.lang = lang;
  for (const fn of listeners) fn(lang);
}

export function toggleLang() {
  setLang(lang === 'en' ? 'ru' : 'en');
}

/** Calls fn(lang) after every language change. */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Formats a number in the current language with at most digits decimals. */
export function fmt(n, digits = 1) {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(n);
}

/** Label of a property name: its translation, else the name itself. */
export function propLabel(name) {
  return has('prop.' + name) ? t('prop.' + name) : name;
}

/** Human name of a layer or network. */
export function layerName(name) {
  return has('net.' + name) ? t('net.' + name) : name;
}
