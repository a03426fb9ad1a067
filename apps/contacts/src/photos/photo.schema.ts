import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { PhotoContentType } from '@contact-sync/contact-model';

/** The photo store: each photo once, keyed by the sha256 of its bytes (persons hold the reference). */
@Schema({ collection: 'photos', timestamps: { createdAt: true, updatedAt: false } })
export class Photo {
  /** sha256 of `data`, lower-case hex. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: String, required: true }) contentType: PhotoContentType;
  @Prop({ type: Number, required: true }) byteLength: number;
  @Prop({ type: Buffer, required: true }) data: Buffer;
}

export const PhotoSchema = SchemaFactory.createForClass(Photo);
