export { explainSources, explainText, lastSources, readWhyData, WHY_DATA, type WhyData } from './explain.js';
