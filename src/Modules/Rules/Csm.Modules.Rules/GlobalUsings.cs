// What nearly every feature file of the module uses.
global using Csm.BuildingBlocks;
global using Csm.BuildingBlocks.Data;
global using Dapper;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.AspNetCore.Routing;
global using FastEndpoints;
global using Access = Csm.BuildingBlocks.Auth.Policies;
