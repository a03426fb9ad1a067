import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { InternalApiGuard } from '../http/internal-api.guard';
import { Public } from '../http/public.decorator';
import { ApiActorAuth, ApiInternal } from './api-auth';
import { ApiErrors } from './error-response';
import { authDocumentationMismatches } from './openapi-auth-check';
import { describeOpenApiDrift } from './openapi-drift';
import { generateOpenApiDocument } from './openapi-generation';
import type { OpenApiService } from './openapi-document';

class Service {}

class NoteDto {
  @ApiProperty() text: string;
}

@ApiActorAuth()
@Controller('notes')
class NotesController {
  constructor(readonly service: Service) {}

  @Post()
  @ApiOkResponse({ type: NoteDto })
  @ApiErrors(400, [409, 'Already there'])
  add(@Body() dto: NoteDto): NoteDto {
    return dto;
  }

  @Public()
  @Get('public')
  open(): string {
    return 'open';
  }
}

@Public()
@UseGuards(InternalApiGuard)
@Controller('internal/notes')
@ApiInternal()
class InternalNotesController {
  @Get()
  list(): string[] {
    return [];
  }
}

/** An internal controller whose documentation forgot @ApiInternal(). */
@Public()
@UseGuards(InternalApiGuard)
@Controller('internal/forgotten')
class ForgottenController {
  @Get()
  list(): string[] {
    return [];
  }
}

/** Secured by the internal token in the document, but not marked internal for readers. */
@Public()
@UseGuards(InternalApiGuard)
@Controller('internal/unmarked')
@ApiBearerAuth('internal')
class UnmarkedController {
  @Get()
  list(): string[] {
    return [];
  }
}

const service = (controllers: OpenApiService['controllers']): OpenApiService => ({ name: 'notes', title: 'Notes', description: 'Test API', controllers });

describe('OpenAPI documents from controllers', () => {
  it('builds the document from the decorators alone (dependencies stubbed), with both bearer schemes', async () => {
    const document = await generateOpenApiDocument(service([NotesController, InternalNotesController]));
    expect(Object.keys(document.components?.securitySchemes ?? {})).toEqual(['actor', 'internal']);
    expect(document.paths['/notes']?.post).toMatchObject({
      security: [{ actor: [] }],
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NoteDto' } } } },
      responses: { '400': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } } }, '409': { description: 'Already there' }, '401': {} },
    });
    expect(document.paths['/internal/notes']?.get).toMatchObject({ tags: ['internal'], 'x-internal': true, security: [{ internal: [] }] });
  });

  it('finds routes whose documented token differs from what their guards enforce', async () => {
    const api = service([NotesController, InternalNotesController, ForgottenController, UnmarkedController]);
    const document = await generateOpenApiDocument(api);
    expect(authDocumentationMismatches(document, api)).toEqual([
      'NotesController_open: the guards enforce none auth, the document says actor',
      'ForgottenController_list: the guards enforce internal auth, the document says none',
      'UnmarkedController_list: the guards enforce internal auth, the document says internal (not tagged internal with x-internal)',
    ]);
  });

  it('says where a checked-in document departs from the generated one, and how to fix it', async () => {
    const document = await generateOpenApiDocument(service([NotesController]));
    expect(describeOpenApiDrift(document, structuredClone(document), 'notes.json')).toBeNull();
    const stale = structuredClone(document) as unknown as { info: { title: string } };
    stale.info.title = 'Old';
    expect(describeOpenApiDrift(document, stale, 'notes.json')).toBe(
      'notes.json is out of date with the controllers and DTOs (first difference at $.info.title): run `npm run openapi` to regenerate it, and review the diff',
    );
  });
});
