// The content module's public surface: health education. Campaigns read articles through ArticlesReader.
export { ContentModule } from './content.module.js';
export { ArticlesReader, type PublishedArticle } from './articles.reader.js';
export type { Article } from './article.entity.js';
