/** Microsoft contacts use the emulator's one photo module. */
export { decodePhoto, type ContactPhoto } from '../../core/photo';
